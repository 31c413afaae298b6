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

use client_runtime::__private::bytes::Bytes;
use client_runtime::__private::{Failure, decode_enveloped};
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
    let contact = CustomerKeyContactCreateDto::new(
        false,
        fields.contact_legal_name,
        fields.mobile.parse().expect("a valid mobile number"),
        fields.contact_name,
    )
    .with_email(fields.email.parse().expect("a valid email"))
    .with_key_contact_person_id(fields.key_contact_person_id)
    .with_mail_enabled(true)
    .with_sms_enabled(true)
    .with_via(fields.via)
    .with_whatsapp_enabled(false);
    let reminder = CustomerReminderCreateDto::new()
        .with_customer_reminder_id(fields.customer_reminder_id)
        .with_due_date_difference(3)
        .with_reminder_interval(7)
        .with_reminder_time(
            time::Time::parse(fields.reminder_time, HH_MM).expect("an HH:mm reminder time"),
        )
        .with_reminder_type(fields.reminder_type.parse().expect("a known reminder type"))
        .with_stage(fields.stage);
    CustomerCreateRequest::new(vec![contact], fields.legal_name)
        .with_account_number(fields.account_number.parse().expect("an account number"))
        .with_address(fields.address)
        .with_company_id(fields.company_id.parse().expect("a valid company id"))
        .with_contact_number(fields.contact_number.parse().expect("a contact number"))
        .with_customer_company_id(fields.customer_company_id)
        .with_customer_reminders(vec![reminder])
        .with_external_source(false)
        .with_ifsc(fields.ifsc.parse().expect("a valid IFSC"))
        .with_pan_or_gstin(fields.pan_or_gstin.parse().expect("a valid PAN or GSTIN"))
        .with_pin_code(fields.pin_code.parse().expect("a valid PIN code"))
        .with_source(fields.source.parse().expect("a known source"))
        .with_state(fields.state)
        .with_unique_ref_no(fields.unique_ref_no)
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

/// The 4XX error of a call, from its body as received (reqwest's `Bytes`, which the transport
/// moves into its failure), as the transport makes it.
fn status_error(body: &'static [u8]) -> enkash_client::Error {
    Failure::Status {
        status: StatusCode::BAD_REQUEST,
        schema: None,
        body: Bytes::from_static(body),
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

    let customer =
        decode_enveloped::<CustomerEnvelope>(StatusCode::OK, Bytes::from_static(CUSTOMER_ENVELOPE))
            .expect("the customer envelope decodes");
    assert!(customer.customer_id.is_some(), "the payload has its id");
    let business =
        decode_enveloped::<CustomerEnvelope>(StatusCode::OK, Bytes::from_static(ERROR_ENVELOPE));
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
            decode_enveloped::<CustomerEnvelope>(
                StatusCode::OK,
                Bytes::from_static(black_box(CUSTOMER_ENVELOPE)),
            )
        });
    });
    group.bench_function("decode_error_envelope", |b| {
        b.iter(|| {
            decode_enveloped::<CustomerEnvelope>(
                StatusCode::OK,
                Bytes::from_static(black_box(ERROR_ENVELOPE)),
            )
        });
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
