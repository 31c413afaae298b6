//! The inputs both per-call benches read: the JSON files, and the string fields of the Create
//! Customer request, from which each bench builds its request. Included by
//! `calls-client/benches/per_call.rs` and `calls-plain/benches/per_call.rs` (`#[path]`).

/// A CustomerCreateRequest with every field set.
pub(crate) const CUSTOMER_CREATE_REQUEST: &str = include_str!("customer_create_request.json");
/// A 200 envelope whose payload is a CustomerResponse with every field set.
pub(crate) const CUSTOMER_ENVELOPE: &[u8] = include_bytes!("customer_envelope.json");
/// A 200 envelope that carries `errorResponse` instead of a payload.
pub(crate) const ERROR_ENVELOPE: &[u8] = include_bytes!("error_envelope.json");
/// A bare ErrorResponse, as a 4XX body.
pub(crate) const ERROR_RESPONSE: &[u8] = include_bytes!("error_response.json");

/// The string fields of `customer_create_request.json`, from which both benches build their
/// request.
pub(crate) struct Fields {
    pub(crate) account_number: &'static str,
    pub(crate) address: &'static str,
    pub(crate) company_id: &'static str,
    pub(crate) contact_number: &'static str,
    pub(crate) customer_company_id: &'static str,
    pub(crate) email: &'static str,
    pub(crate) key_contact_person_id: &'static str,
    pub(crate) contact_legal_name: &'static str,
    pub(crate) mobile: &'static str,
    pub(crate) contact_name: &'static str,
    pub(crate) via: &'static str,
    pub(crate) customer_reminder_id: &'static str,
    pub(crate) reminder_time: &'static str,
    pub(crate) reminder_type: &'static str,
    pub(crate) stage: &'static str,
    pub(crate) ifsc: &'static str,
    pub(crate) legal_name: &'static str,
    pub(crate) pan_or_gstin: &'static str,
    pub(crate) pin_code: &'static str,
    pub(crate) source: &'static str,
    pub(crate) state: &'static str,
    pub(crate) unique_ref_no: &'static str,
}

/// The values of `customer_create_request.json`.
pub(crate) const FIELDS: Fields = Fields {
    account_number: "50100123456789",
    address: "14, 2nd Cross, Indiranagar, Bengaluru",
    company_id: "CEK12AB34C",
    contact_number: "+91 9876543210",
    customer_company_id: "SHTR-BLR-0042",
    email: "priya.sharma@example.in",
    key_contact_person_id: "KCP000456",
    contact_legal_name: "Priya Sharma",
    mobile: "+91 9876543210",
    contact_name: "Priya Sharma",
    via: "EMAIL",
    customer_reminder_id: "REM000078",
    reminder_time: "09:30",
    reminder_type: "RECURRING",
    stage: "BEFORE_DUE",
    ifsc: "HDFC0001234",
    legal_name: "Sharma Traders Private Limited",
    pan_or_gstin: "29AABCS1234K1Z5",
    pin_code: "560038",
    source: "ENKASH",
    state: "Karnataka",
    unique_ref_no: "CUST-2025-000123",
};
