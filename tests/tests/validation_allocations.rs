//! Checking a valid request allocates nothing: paths are built on the stack and written out
//! only for a violation, and patterned values are not matched again (their constructors did).

use enkash_client::Validate;
use enkash_client::types::CustomerCreateRequest;

/// How many allocations `work` makes on this thread.
fn allocations(work: impl FnOnce()) -> u64 {
    allocation_counter::measure(work).count_total
}

fn request(reminder_type: &str) -> CustomerCreateRequest {
    let text = format!(
        r#"{{
            "legalName": "Sharma Traders Private Limited",
            "panOrGstin": "29AABCS1234K1Z5",
            "ifsc": "HDFC0001234",
            "pinCode": "560001",
            "customerKeyContacts": [
                {{"deleted": false, "legalName": "Priya Sharma", "name": "Priya Sharma",
                  "mobile": "+91 9876543210", "email": "priya.sharma@example.in"}},
                {{"deleted": false, "legalName": "Ravi Kumar", "name": "Ravi Kumar",
                  "mobile": "+91 9123456780"}}
            ],
            "customerReminders": [
                {{"reminderType": "{reminder_type}", "reminderInterval": 7, "reminderTime": "09:30"}}
            ]
        }}"#
    );
    enkash_client::decode_json(text.as_bytes()).expect("a valid request")
}

#[test]
fn a_valid_request_is_checked_without_allocating() {
    let request = request("RECURRING");
    let mut violations = Vec::new();
    let made = allocations(|| {
        request.validate(&enkash_client::Path::Root, &mut violations);
    });
    assert!(violations.is_empty(), "{violations:?}");
    assert_eq!(made, 0, "validating a valid request allocated");
}

/// The counter counts: a violation's path is written out, which allocates.
#[test]
fn a_violation_allocates_its_path() {
    // A value the server may send but a request may not carry.
    let request = request("WEEKLY");
    let mut violations = Vec::new();
    let made = allocations(|| {
        request.validate(&enkash_client::Path::Root, &mut violations);
    });
    assert!(made > 0);
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0].path, "customerReminders[0].reminderType");
}
