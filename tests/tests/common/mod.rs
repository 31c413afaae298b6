//! JSON fixtures and helpers shared by the integration tests.
//!
//! Fixtures are JSON *text*, not `json!` literals: the workspace builds serde_json with
//! `arbitrary_precision`, so `10.10` written as text stays `10.10`, whereas a float literal in
//! `json!` would already have become `10.1`.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use enkash_client::Client;
use serde_json::Value;
use wiremock::MockServer;

/// The bearer token and merchant access key every test client sends.
pub(crate) const TOKEN: &str = "tok";
pub(crate) const MERCHANT_ACCESS_KEY: &str = "mak";

/// Parses fixture text, panicking with the fixture's name if it is not JSON.
pub(crate) fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("fixture is valid JSON")
}

/// A mock server on 127.0.0.1 and a client pointed at it with both credentials set.
pub(crate) async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::with_base_url(&server.uri())
        .expect("the mock server's URI is a valid base URL")
        .with_bearer_auth(TOKEN)
        .with_merchant_access_key(MERCHANT_ACCESS_KEY);
    (server, client)
}

/// Every request the mock server received (request recording is on by default).
pub(crate) async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .expect("request recording is enabled")
}

/// A CustomerCreateRequest with all 15 fields set, nested key contact and reminder included
/// (the spec's example).
pub(crate) const CUSTOMER_CREATE_REQUEST: &str = r#"{
  "accountNumber": "50100123456789",
  "address": "14, 2nd Cross, Indiranagar, Bengaluru",
  "companyId": "CEK12AB34C",
  "contactNumber": "+91 9876543210",
  "customerCompanyId": "SHTR-BLR-0042",
  "customerKeyContacts": [
    {
      "deleted": false,
      "email": "priya.sharma@example.in",
      "keyContactPersonId": "KCP000456",
      "legalName": "Priya Sharma",
      "mail_enabled": true,
      "mobile": "+91 9876543210",
      "name": "Priya Sharma",
      "sms_enabled": true,
      "via": "EMAIL",
      "whatsapp_enabled": false
    }
  ],
  "customerReminders": [
    {
      "customerReminderId": "REM000078",
      "dueDateDifference": 3,
      "reminderInterval": 7,
      "reminderTime": "09:30",
      "reminderType": "RECURRING",
      "stage": "BEFORE_DUE"
    }
  ],
  "externalSource": false,
  "ifsc": "HDFC0001234",
  "legalName": "Sharma Traders Private Limited",
  "panOrGstin": "29AABCS1234K1Z5",
  "pinCode": "560038",
  "source": "ENKASH",
  "state": "Karnataka",
  "uniqueRefNo": "CUST-2025-000123"
}"#;

/// A CustomerResponse with every field set (the spec's example).
pub(crate) const CUSTOMER_RESPONSE: &str = r#"{
  "accountNumber": "50100123456789",
  "active": true,
  "address": "14, 2nd Cross, Indiranagar, Bengaluru",
  "assignedAgent": "Rahul Verma",
  "bankName": "HDFC Bank",
  "branchCodes": ["BLR-IND"],
  "companyId": "CEK12AB34C",
  "contactEmail": "accounts@sharmatraders.in",
  "contactNumber": "+91 9876543210",
  "createdBy": "merchant.admin@mehtadistributors.in",
  "createdByName": "Anita Mehta",
  "createdOn": "2025-07-05T12:21:15Z",
  "customerId": "CUST000123",
  "customerKeyContacts": [
    {
      "createdBy": "merchant.admin@mehtadistributors.in",
      "createdOn": "2025-07-05T12:21:15Z",
      "customerId": "CUST000123",
      "customerName": "Sharma Traders Private Limited",
      "deleted": "false",
      "email": "priya.sharma@example.in",
      "keyContactPersonId": "KCP000456",
      "mail_enabled": true,
      "mobile": "+91 9876543210",
      "modifiedBy": "merchant.admin@mehtadistributors.in",
      "modifiedOn": "2025-07-05T12:21:15Z",
      "name": "Priya Sharma",
      "sms_enabled": true,
      "whatsapp_enabled": false
    }
  ],
  "customerLogo": "https://cdn.example.in/logos/sharma-traders.png",
  "customerReminders": [
    {
      "customerId": "CUST000123",
      "customerReminderId": "REM000078",
      "dueDateDifference": 3,
      "reminderInterval": 7,
      "reminderTime": "09:30",
      "reminderType": "RECURRING",
      "stage": "BEFORE_DUE"
    }
  ],
  "dsoMedian": 32,
  "id": 1024,
  "ifsc": "HDFC0001234",
  "legalName": "Sharma Traders Private Limited",
  "modifiedBy": "merchant.admin@mehtadistributors.in",
  "modifiedByName": "Anita Mehta",
  "modifiedOn": "2025-07-05T12:21:15Z",
  "netAmount": 125000.50,
  "panOrGstin": "29AABCS1234K1Z5",
  "parentCompanyId": "CEK12AB34C",
  "parentLegalName": "Mehta Distributors Private Limited",
  "pinCode": "560038",
  "state": "Karnataka",
  "uniqueRefNo": "CUST-2025-000123",
  "warnings": []
}"#;

/// A QrCodeResponse with every field set (the spec's example).
pub(crate) const QR_CODE_RESPONSE: &str = r#"{
  "qrCodeId": "QR7K2M9P4XWZ",
  "qrName": "Counter 1 - Koramangala",
  "multipleUse": true,
  "fixedAmount": true,
  "amount": 499.00,
  "description": "Monthly tiffin subscription",
  "expiry": "2025-08-31 23:59:59",
  "customParams": {"invoiceNumber": "INV-2025-0456"},
  "status": "ACTIVE",
  "qrCodeBase64": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "createdOn": "2025-07-05 12:21:15",
  "modifiedOn": "2025-07-05 12:21:15",
  "customerName": "Priya Sharma",
  "customerEmail": "priya.sharma@example.in",
  "customerMobile": "9876543210",
  "customerId": "CUST000123",
  "referenceNumber": "ENKQR2025070500123"
}"#;

/// An ErrorResponse with every field set (the spec's example plus one sub-error).
pub(crate) const ERROR_RESPONSE: &str = r#"{
  "apiSubErrors": [{"field": "ifsc", "rejectedValue": "HDFC1001234"}],
  "errorMessage": "ifsc must match the IFSC format",
  "errorType": "VALIDATION_ERROR",
  "requestId": "3f6c2a1e-8b7d-4c59-9e0a-5d2b7f1c4a90",
  "timestamp": "2025-07-05 12:21:15"
}"#;

/// `{"payload": <payload>, "response_code": 200, "response_message": <message>}` as text.
pub(crate) fn success_envelope(payload: &str, message: &str) -> String {
    format!(r#"{{"payload": {payload}, "response_code": 200, "response_message": "{message}"}}"#)
}

/// A 200 envelope that carries an error instead of a payload.
pub(crate) fn error_envelope() -> String {
    format!(
        r#"{{"errorResponse": {ERROR_RESPONSE}, "response_code": 400, "response_message": "Validation failed"}}"#
    )
}

/// A page of the given items, as the search operations return it.
pub(crate) fn page(items: &str, total: i64, offset: i32, limit: i32) -> String {
    format!(
        r#"{{"content": [{items}], "totalElements": {total}, "offset": {offset}, "limit": {limit}}}"#
    )
}
