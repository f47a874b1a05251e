//! Counts the allocations of the JSON pull reader, to hold it to its purpose: framing, keys
//! without escapes, numbers and skipped members allocate nothing, and a string member costs
//! exactly its own `String`. The tree parser is measured alongside, as the baseline the
//! reader replaces. A counting global allocator needs its own test binary, hence this file.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use awsgen_runtime::json::{self, JsonReader};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: defers every call to the system allocator; the counter is a thread-local `Cell`,
// which allocates nothing itself.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations<R>(work: impl FnOnce() -> R) -> (R, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let result = work();
    (result, ALLOCATIONS.with(Cell::get) - before)
}

const BODY: &[u8] = br#"{
    "count": 42,
    "enabled": true,
    "name": "a name without escapes",
    "unknown": {"nested": [1, 2.5, "three", {"four": null}], "more": "text \n escaped"},
    "ratio": 0.25
}"#;

#[test]
fn reading_allocates_only_the_strings_it_keeps() {
    let (result, count) = allocations(|| -> Result<_, json::JsonError> {
        let mut reader = JsonReader::body_object(BODY)?;
        let (mut count, mut enabled, mut ratio) = (None, None, None);
        while let Some(key) = reader.next_key()? {
            match key.as_ref() {
                "count" => count = reader.member::<i32>("count")?,
                "enabled" => enabled = reader.member::<bool>("enabled")?,
                "ratio" => ratio = reader.member::<f64>("ratio")?,
                _ => reader.skip()?,
            }
        }
        reader.end()?;
        Ok((count, enabled, ratio))
    });
    assert_eq!(result.unwrap(), (Some(42), Some(true), Some(0.25)));
    assert_eq!(
        count, 0,
        "framing, keys, numbers and skipping allocate nothing"
    );

    let (name, count) = allocations(|| -> Result<_, json::JsonError> {
        let mut reader = JsonReader::body_object(BODY)?;
        let mut name = None;
        while let Some(key) = reader.next_key()? {
            match key.as_ref() {
                "name" => name = reader.member::<String>("name")?,
                _ => reader.skip()?,
            }
        }
        reader.end()?;
        Ok(name)
    });
    assert_eq!(name.unwrap().as_deref(), Some("a name without escapes"));
    assert_eq!(count, 1, "a kept string is one allocation");

    let (tree, baseline) = allocations(|| json::parse(BODY));
    assert!(tree.is_ok());
    assert!(
        baseline > 10,
        "the tree parser allocated only {baseline} times"
    );
}
