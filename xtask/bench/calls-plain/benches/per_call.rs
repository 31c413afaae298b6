//! The baseline of `bench-calls-client`: the same JSON, encoded and decoded by bare
//! `serde_json` (without `arbitrary_precision`) into plain structs: strings for patterned fields
//! and dates, `f64` for money, no validation.
//!
//! Same function names as the client bench (group `plain` here, `client` there), so that
//! `xtask/bench/calls.sh` can pair them. Run it alone (`cargo bench -p bench-calls-plain`):
//! built together with the client, serde_json would get the client's `arbitrary_precision`.

use std::hint::black_box;

use criterion::Criterion;
use serde::{Deserialize, Serialize};

#[path = "../../data/inputs.rs"]
mod inputs;
use inputs::{
    CUSTOMER_CREATE_REQUEST, CUSTOMER_ENVELOPE, ERROR_ENVELOPE, ERROR_RESPONSE, FIELDS, Fields,
};

/// `CustomerCreateRequest`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PlainCreateRequest {
    account_number: Option<String>,
    address: Option<String>,
    company_id: Option<String>,
    contact_number: Option<String>,
    customer_company_id: Option<String>,
    customer_key_contacts: Vec<PlainKeyContactCreate>,
    customer_reminders: Option<Vec<PlainReminderCreate>>,
    external_source: Option<bool>,
    ifsc: Option<String>,
    legal_name: String,
    pan_or_gstin: Option<String>,
    pin_code: Option<String>,
    source: Option<String>,
    state: Option<String>,
    unique_ref_no: Option<String>,
}

/// `CustomerKeyContactCreateDTO`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PlainKeyContactCreate {
    deleted: bool,
    email: Option<String>,
    key_contact_person_id: Option<String>,
    legal_name: String,
    #[serde(rename = "mail_enabled")]
    mail_enabled: Option<bool>,
    mobile: String,
    name: String,
    #[serde(rename = "sms_enabled")]
    sms_enabled: Option<bool>,
    via: Option<String>,
    #[serde(rename = "whatsapp_enabled")]
    whatsapp_enabled: Option<bool>,
}

/// `CustomerReminderCreateDTO`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PlainReminderCreate {
    customer_reminder_id: Option<String>,
    due_date_difference: Option<i32>,
    reminder_interval: Option<i32>,
    reminder_time: Option<String>,
    reminder_type: Option<String>,
    stage: Option<String>,
}

/// `CustomerResponse`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PlainCustomer {
    account_number: Option<String>,
    active: Option<bool>,
    address: Option<String>,
    assigned_agent: Option<String>,
    bank_name: Option<String>,
    branch_codes: Option<Vec<String>>,
    company_id: Option<String>,
    contact_email: Option<String>,
    contact_number: Option<String>,
    created_by: Option<String>,
    created_by_name: Option<String>,
    created_on: Option<String>,
    customer_id: Option<String>,
    customer_key_contacts: Option<Vec<PlainKeyContact>>,
    customer_logo: Option<String>,
    customer_reminders: Option<Vec<PlainReminder>>,
    dso_median: Option<i64>,
    id: Option<i64>,
    ifsc: Option<String>,
    legal_name: Option<String>,
    modified_by: Option<String>,
    modified_by_name: Option<String>,
    modified_on: Option<String>,
    net_amount: Option<f64>,
    pan_or_gstin: Option<String>,
    parent_company_id: Option<String>,
    parent_legal_name: Option<String>,
    pin_code: Option<String>,
    state: Option<String>,
    unique_ref_no: Option<String>,
    warnings: Option<Vec<String>>,
}

/// `CustomerKeyContactResponse`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PlainKeyContact {
    created_by: Option<String>,
    created_on: Option<String>,
    customer_id: Option<String>,
    customer_name: Option<String>,
    deleted: Option<String>,
    email: Option<String>,
    key_contact_person_id: Option<String>,
    #[serde(rename = "mail_enabled")]
    mail_enabled: Option<bool>,
    mobile: Option<String>,
    modified_by: Option<String>,
    modified_on: Option<String>,
    name: Option<String>,
    #[serde(rename = "sms_enabled")]
    sms_enabled: Option<bool>,
    #[serde(rename = "whatsapp_enabled")]
    whatsapp_enabled: Option<bool>,
}

/// `CustomerReminderConfigResponse`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PlainReminder {
    customer_id: Option<String>,
    customer_reminder_id: Option<String>,
    due_date_difference: Option<i32>,
    reminder_interval: Option<i32>,
    reminder_time: Option<String>,
    reminder_type: Option<String>,
    stage: Option<String>,
}

/// `ErrorResponse`; its sub-errors are free-form objects, as in the client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PlainError {
    api_sub_errors: Option<Vec<serde_json::Map<String, serde_json::Value>>>,
    error_message: Option<String>,
    error_type: Option<String>,
    request_id: Option<String>,
    timestamp: Option<String>,
}

/// The response envelope (`CustomerEnvelope` for `T = PlainCustomer`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlainEnvelope<T> {
    #[serde(rename = "errorResponse")]
    error_response: Option<PlainError>,
    payload: Option<T>,
    response_code: Option<i32>,
    response_message: Option<String>,
}

/// Builds the request from its string fields, copying each.
fn build_request(fields: &Fields) -> PlainCreateRequest {
    let contact = PlainKeyContactCreate {
        deleted: false,
        email: Some(fields.email.to_owned()),
        key_contact_person_id: Some(fields.key_contact_person_id.to_owned()),
        legal_name: fields.contact_legal_name.to_owned(),
        mail_enabled: Some(true),
        mobile: fields.mobile.to_owned(),
        name: fields.contact_name.to_owned(),
        sms_enabled: Some(true),
        via: Some(fields.via.to_owned()),
        whatsapp_enabled: Some(false),
    };
    let reminder = PlainReminderCreate {
        customer_reminder_id: Some(fields.customer_reminder_id.to_owned()),
        due_date_difference: Some(3),
        reminder_interval: Some(7),
        reminder_time: Some(fields.reminder_time.to_owned()),
        reminder_type: Some(fields.reminder_type.to_owned()),
        stage: Some(fields.stage.to_owned()),
    };
    PlainCreateRequest {
        account_number: Some(fields.account_number.to_owned()),
        address: Some(fields.address.to_owned()),
        company_id: Some(fields.company_id.to_owned()),
        contact_number: Some(fields.contact_number.to_owned()),
        customer_company_id: Some(fields.customer_company_id.to_owned()),
        customer_key_contacts: vec![contact],
        customer_reminders: Some(vec![reminder]),
        external_source: Some(false),
        ifsc: Some(fields.ifsc.to_owned()),
        legal_name: fields.legal_name.to_owned(),
        pan_or_gstin: Some(fields.pan_or_gstin.to_owned()),
        pin_code: Some(fields.pin_code.to_owned()),
        source: Some(fields.source.to_owned()),
        state: Some(fields.state.to_owned()),
        unique_ref_no: Some(fields.unique_ref_no.to_owned()),
    }
}

/// Exits unless serde_json was built without `arbitrary_precision`, as a plain baseline must be.
fn require_plain_numbers() {
    let number = serde_json::from_str::<serde_json::Value>("1.10")
        .expect("1.10 is JSON")
        .to_string();
    if number != "1.1" {
        eprintln!(
            "serde_json reads 1.10 back as {number}: it was built with `arbitrary_precision`, \
             unified from another package of the build; the baseline must not have it. \
             Run it alone: cargo bench -p bench-calls-plain"
        );
        std::process::exit(1);
    }
}

/// Asserts that `value` encodes back to the same JSON as `file`, but for the `null`s of its
/// absent fields (the files have none): every field of the file is represented, and decoded
/// into a type that keeps its value (`deny_unknown_fields` also refuses any unknown one).
fn assert_round_trip<T: Serialize>(value: &T, file: &[u8], what: &str) {
    let mut encoded = serde_json::to_value(value).expect("a plain struct encodes");
    drop_nulls(&mut encoded);
    let file: serde_json::Value = serde_json::from_slice(file).expect("the file is JSON");
    assert!(encoded == file, "{what} does not encode back as its file");
}

/// Removes the members whose value is `null`, at every depth.
fn drop_nulls(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(members) => {
            members.retain(|_, member| !member.is_null());
            members.values_mut().for_each(drop_nulls);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// Checks, once and outside the timings, that every input decodes, and represents its file.
fn check_inputs() {
    let decoded: PlainCreateRequest =
        serde_json::from_str(CUSTOMER_CREATE_REQUEST).expect("the request file decodes");
    assert!(
        build_request(&FIELDS) == decoded,
        "the built request equals the request file"
    );
    assert_round_trip(
        &decoded,
        CUSTOMER_CREATE_REQUEST.as_bytes(),
        "the create request",
    );

    let customer: PlainEnvelope<PlainCustomer> =
        serde_json::from_slice(CUSTOMER_ENVELOPE).expect("the customer envelope decodes");
    assert!(customer.payload.is_some(), "the envelope has its payload");
    assert_round_trip(&customer, CUSTOMER_ENVELOPE, "the customer envelope");

    let business: PlainEnvelope<PlainCustomer> =
        serde_json::from_slice(ERROR_ENVELOPE).expect("the error envelope decodes");
    assert!(
        business.error_response.is_some(),
        "the envelope has its error"
    );
    assert_round_trip(&business, ERROR_ENVELOPE, "the error envelope");

    let error: PlainError = serde_json::from_slice(ERROR_RESPONSE).expect("the error body decodes");
    assert_round_trip(&error, ERROR_RESPONSE, "the error body");
}

/// The benchmarks, in group `plain`.
fn per_call(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("plain");

    let request: PlainCreateRequest =
        serde_json::from_str(CUSTOMER_CREATE_REQUEST).expect("the request file decodes");
    group.bench_function("encode_customer_create", |b| {
        b.iter(|| serde_json::to_vec(black_box(&request)).expect("the request encodes"));
    });
    group.bench_function("build_encode_customer_create", |b| {
        b.iter(|| {
            let request = build_request(black_box(&FIELDS));
            serde_json::to_vec(&request).expect("the request encodes")
        });
    });
    group.bench_function("decode_customer_envelope", |b| {
        b.iter(|| {
            serde_json::from_slice::<PlainEnvelope<PlainCustomer>>(black_box(CUSTOMER_ENVELOPE))
        });
    });
    group.bench_function("decode_error_envelope", |b| {
        b.iter(|| {
            serde_json::from_slice::<PlainEnvelope<PlainCustomer>>(black_box(ERROR_ENVELOPE))
        });
    });
    group.bench_function("decode_error_response", |b| {
        // The client moves the body it received into its failure, without a copy; the
        // baseline reads it in place.
        b.iter(|| serde_json::from_slice::<PlainError>(black_box(ERROR_RESPONSE)));
    });
    group.finish();
}

fn main() {
    require_plain_numbers();
    check_inputs();
    let mut criterion = Criterion::default().configure_from_args();
    per_call(&mut criterion);
    criterion.final_summary();
}
