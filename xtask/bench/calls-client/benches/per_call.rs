//! The per-call work of the generated EnKash client, outside the network: validating and
//! encoding a request, decoding a 2XX envelope, a 2XX envelope that carries an error, and a 4XX
//! error body.
//!
//! `bench-calls-plain` measures the same inputs with bare `serde_json` and plain structs, under
//! the same function names (group `plain` there, `client` here), so that
//! `xtask/bench/calls.sh` can print the ratios. Run each bench alone
//! (`cargo bench -p bench-calls-client`), so that Cargo does not unify serde_json's features
//! between the two.

// The timed closures return the client's own results, whose error type is large (240 bytes):
// they are measured as the client returns them.
#![expect(
    clippy::result_large_err,
    reason = "measures the client's own Result<_, enkash_client::Error>"
)]

use std::hint::black_box;

use client_runtime::{Failure, decode_enveloped};
use criterion::Criterion;
use enkash_client::types::{
    CustomerCreateRequest, CustomerEnvelope, CustomerKeyContactCreateDto,
    CustomerReminderCreateDto, ErrorResponse,
};
use enkash_client::{Path, Validate, Violation, decode_json};
use reqwest::StatusCode;
use time::format_description::BorrowedFormatItem;

#[path = "../../data/inputs.rs"]
mod inputs;
use inputs::{
    CUSTOMER_CREATE_REQUEST, CUSTOMER_ENVELOPE, ERROR_ENVELOPE, ERROR_RESPONSE, FIELDS, Fields,
};

/// The wire format of `reminderTime`.
const HH_MM: &[BorrowedFormatItem<'static>] = time::macros::format_description!("[hour]:[minute]");

/// Builds the request from its string fields through the validating constructors, as a
/// caller would.
fn build_request(fields: &Fields) -> CustomerCreateRequest {
    let contact = CustomerKeyContactCreateDto {
        deleted: false,
        email: Some(fields.email.parse().expect("a valid email")),
        key_contact_person_id: Some(fields.key_contact_person_id.to_owned()),
        legal_name: fields.contact_legal_name.to_owned(),
        mail_enabled: Some(true),
        mobile: fields.mobile.parse().expect("a valid mobile number"),
        name: fields.contact_name.to_owned(),
        sms_enabled: Some(true),
        via: Some(fields.via.to_owned()),
        whatsapp_enabled: Some(false),
    };
    let reminder = CustomerReminderCreateDto {
        customer_reminder_id: Some(fields.customer_reminder_id.to_owned()),
        due_date_difference: Some(3),
        reminder_interval: Some(7),
        reminder_time: Some(
            time::Time::parse(fields.reminder_time, HH_MM).expect("an HH:mm reminder time"),
        ),
        reminder_type: Some(fields.reminder_type.parse().expect("a known reminder type")),
        stage: Some(fields.stage.to_owned()),
    };
    CustomerCreateRequest {
        account_number: Some(fields.account_number.parse().expect("an account number")),
        address: Some(fields.address.to_owned()),
        company_id: Some(fields.company_id.parse().expect("a valid company id")),
        contact_number: Some(fields.contact_number.parse().expect("a contact number")),
        customer_company_id: Some(fields.customer_company_id.to_owned()),
        customer_key_contacts: vec![contact],
        customer_reminders: Some(vec![reminder]),
        external_source: Some(false),
        ifsc: Some(fields.ifsc.parse().expect("a valid IFSC")),
        legal_name: fields.legal_name.to_owned(),
        pan_or_gstin: Some(fields.pan_or_gstin.parse().expect("a valid PAN or GSTIN")),
        pin_code: Some(fields.pin_code.parse().expect("a valid PIN code")),
        source: Some(fields.source.parse().expect("a known source")),
        state: Some(fields.state.to_owned()),
        unique_ref_no: Some(fields.unique_ref_no.to_owned()),
    }
}

/// What the client does with a request before sending it: validate it (into `violations`,
/// cleared first), then encode it.
fn validate_and_encode(
    request: &CustomerCreateRequest,
    violations: &mut Vec<Violation>,
) -> Vec<u8> {
    violations.clear();
    request.validate(&Path::Root, violations);
    serde_json::to_vec(request).expect("the request encodes")
}

/// The 4XX error of a call, from its body, as the transport makes it.
fn status_error(body: &[u8]) -> enkash_client::Error {
    Failure::Status {
        status: StatusCode::BAD_REQUEST,
        schema: None,
        body: body.to_vec(),
        retry_safe: false,
        retry_after: None,
    }
    .into_error::<ErrorResponse>()
}

/// Exits unless serde_json decodes numbers exactly, as the client needs (`arbitrary_precision`).
fn require_exact_numbers() {
    let number = serde_json::from_str::<serde_json::Value>("1.10")
        .expect("1.10 is JSON")
        .to_string();
    if number != "1.10" {
        eprintln!(
            "serde_json reads 1.10 back as {number}: it was built without `arbitrary_precision`, \
             which the client needs for exact money. Run it alone: cargo bench -p bench-calls-client"
        );
        std::process::exit(1);
    }
}

/// Checks, once and outside the timings, that every input gives the result it should.
fn check_inputs() {
    let decoded: CustomerCreateRequest =
        decode_json(CUSTOMER_CREATE_REQUEST.as_bytes()).expect("the request file decodes");
    let built = build_request(&FIELDS);
    assert!(
        built == decoded,
        "the built request equals the request file"
    );
    let mut violations = Vec::new();
    decoded.validate(&Path::Root, &mut violations);
    assert!(violations.is_empty(), "the request file is valid");
    let encoded = validate_and_encode(&built, &mut violations);
    assert!(violations.is_empty(), "the built request is valid");
    let encoded: serde_json::Value =
        serde_json::from_slice(&encoded).expect("the encoded request is JSON");
    let file: serde_json::Value =
        serde_json::from_str(CUSTOMER_CREATE_REQUEST).expect("the request file is JSON");
    assert!(encoded == file, "the request encodes as the request file");

    let customer = decode_enveloped::<CustomerEnvelope>(StatusCode::OK, CUSTOMER_ENVELOPE)
        .expect("the customer envelope decodes");
    assert!(customer.customer_id.is_some(), "the payload has its id");
    let business = decode_enveloped::<CustomerEnvelope>(StatusCode::OK, ERROR_ENVELOPE);
    assert!(
        matches!(business, Err(enkash_client::Error::Business { .. })),
        "the error envelope is a business error: {business:?}"
    );
    assert!(
        status_error(ERROR_RESPONSE).api_error().is_some(),
        "the error body decodes whole"
    );
}

/// The benchmarks, in group `client`.
fn per_call(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("client");

    let request: CustomerCreateRequest =
        decode_json(CUSTOMER_CREATE_REQUEST.as_bytes()).expect("the request file decodes");
    let mut violations = Vec::new();
    group.bench_function("encode_customer_create", |b| {
        b.iter(|| validate_and_encode(black_box(&request), &mut violations));
    });
    group.bench_function("build_encode_customer_create", |b| {
        b.iter(|| {
            let request = build_request(black_box(&FIELDS));
            validate_and_encode(&request, &mut violations)
        });
    });
    group.bench_function("decode_customer_envelope", |b| {
        b.iter(|| {
            decode_enveloped::<CustomerEnvelope>(StatusCode::OK, black_box(CUSTOMER_ENVELOPE))
        });
    });
    group.bench_function("decode_error_envelope", |b| {
        b.iter(|| decode_enveloped::<CustomerEnvelope>(StatusCode::OK, black_box(ERROR_ENVELOPE)));
    });
    group.bench_function("decode_error_response", |b| {
        b.iter(|| status_error(black_box(ERROR_RESPONSE)));
    });
    group.finish();
}

fn main() {
    require_exact_numbers();
    check_inputs();
    let mut criterion = Criterion::default().configure_from_args();
    per_call(&mut criterion);
    criterion.final_summary();
}
