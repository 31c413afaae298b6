//! Whether one pattern accepts fewer values than another, proved on their DFAs.
//!
//! Both patterns are the `regex` sources the client matches with (the spec's pattern read in
//! the server's dialect): the client accepts a value when the regex matches anywhere in it
//! (`is_match`), which for a Java pattern, anchored as `\A(?:…)\z`, means the whole value. So
//! each regex `R` is compared as `\A(?s:.)*(?:R)(?s:.)*\z`, the values it accepts, matched as a
//! whole: `^`, `$`, `\A` and `\z` inside `R` still mean the ends of the value. Each becomes a
//! dense DFA; a walk of the pairs of states both reach on the same input finds the shortest
//! value that one accepts and the other refuses, in each direction. Finding none in a direction
//! proves inclusion. A pattern whose DFA would be too large gives [`Relation::Unknown`], never a
//! guess.

use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};
use std::collections::{HashMap, VecDeque};

/// How the values a new pattern accepts relate to those of the old.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Relation {
    /// The same values (the pattern was only rewritten).
    Same,
    /// Fewer values: `refused` was accepted before and is refused now.
    Narrower { refused: String },
    /// More values: `accepted` was refused before and is accepted now.
    Wider { accepted: String },
    /// Some values in each direction.
    Different { refused: String, accepted: String },
    /// Not decided: a DFA would be too large, or the pattern uses what a DFA cannot hold.
    Unknown,
}

/// The largest DFA built, in bytes, and the most pairs of states walked.
const DFA_BYTES: usize = 4 << 20;
const MAX_PAIRS: usize = 200_000;

pub(crate) fn compare(old: &str, new: &str) -> Relation {
    if old == new {
        return Relation::Same;
    }
    // Building an automaton costs time in proportion to the pattern before the size limits
    // below can stop it; a pattern too long for the generator's own checks is not compared.
    if crate::pattern::too_long_to_check(old) || crate::pattern::too_long_to_check(new) {
        return Relation::Unknown;
    }
    let accepted = |regex: &str| format!(r"\A(?s:.)*(?:{regex})(?s:.)*\z");
    let (Some(old), Some(new)) = (build(&accepted(old)), build(&accepted(new))) else {
        return Relation::Unknown;
    };
    let Some(witnesses) = walk(&old, &new) else {
        return Relation::Unknown;
    };
    match witnesses {
        (None, None) => Relation::Same,
        (Some(refused), None) => Relation::Narrower { refused },
        (None, Some(accepted)) => Relation::Wider { accepted },
        (Some(refused), Some(accepted)) => Relation::Different { refused, accepted },
    }
}

fn build(pattern: &str) -> Option<dense::DFA<Vec<u32>>> {
    let config = dense::Config::new()
        .match_kind(MatchKind::All)
        .start_kind(StartKind::Anchored)
        .dfa_size_limit(Some(DFA_BYTES))
        .determinize_size_limit(Some(DFA_BYTES));
    dense::Builder::new().configure(config).build(pattern).ok()
}

struct Machine<'a> {
    dfa: &'a dense::DFA<Vec<u32>>,
}

impl Machine<'_> {
    fn start(&self) -> Option<StateID> {
        let config = start::Config::new().anchored(Anchored::Yes);
        self.dfa.start_state(&config).ok()
    }

    /// Whether the input read so far, ending here, is a whole match.
    fn accepts(&self, state: StateID) -> bool {
        self.dfa.is_match_state(self.dfa.next_eoi_state(state))
    }
}

/// A state of each DFA, reached by the same input.
type Pair = (StateID, StateID);

/// Each pair reached, with the pair and byte it was first reached from.
type Parents = HashMap<Pair, Option<(Pair, u8)>>;

/// Walks the pairs of states breadth first. Returns the shortest value accepted by `old` and
/// refused by `new`, and the shortest the other way round; `None` if the walk is cut short.
fn walk(
    old: &dense::DFA<Vec<u32>>,
    new: &dense::DFA<Vec<u32>>,
) -> Option<(Option<String>, Option<String>)> {
    let (old, new) = (Machine { dfa: old }, Machine { dfa: new });
    let start = (old.start()?, new.start()?);
    let mut parents: Parents = HashMap::from([(start, None)]);
    let mut queue = VecDeque::from([start]);
    let (mut refused, mut accepted) = (None, None);
    while let Some(pair) = queue.pop_front() {
        let (in_old, in_new) = (old.accepts(pair.0), new.accepts(pair.1));
        if in_old && !in_new && refused.is_none() {
            refused = Some(input_to(&parents, pair));
        }
        if in_new && !in_old && accepted.is_none() {
            accepted = Some(input_to(&parents, pair));
        }
        if refused.is_some() && accepted.is_some() {
            break;
        }
        for byte in 0..=u8::MAX {
            let next = (
                old.dfa.next_state(pair.0, byte),
                new.dfa.next_state(pair.1, byte),
            );
            if old.dfa.is_quit_state(next.0) || new.dfa.is_quit_state(next.1) {
                return None;
            }
            if old.dfa.is_dead_state(next.0) && new.dfa.is_dead_state(next.1) {
                continue;
            }
            if let std::collections::hash_map::Entry::Vacant(entry) = parents.entry(next) {
                entry.insert(Some((pair, byte)));
                queue.push_back(next);
                if parents.len() > MAX_PAIRS {
                    return None;
                }
            }
        }
    }
    Some((refused, accepted))
}

/// The input that first reached `pair`, as text.
fn input_to(parents: &Parents, mut pair: Pair) -> String {
    let mut bytes = Vec::new();
    while let Some(Some((parent, byte))) = parents.get(&pair) {
        bytes.push(*byte);
        pair = *parent;
    }
    bytes.reverse();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchored(pattern: &str) -> String {
        format!(r"\A(?:{pattern})\z")
    }

    fn relation(old: &str, new: &str) -> Relation {
        compare(&anchored(old), &anchored(new))
    }

    #[test]
    fn a_narrower_pattern_is_proved_with_the_shortest_refused_value() {
        assert_eq!(
            relation("^$|^[0-9]{6}$", "^[1-9][0-9]{5}$"),
            Relation::Narrower {
                refused: String::new()
            }
        );
        assert_eq!(
            relation("[0-9]{6}", "[1-9][0-9]{5}"),
            Relation::Narrower {
                refused: "000000".to_owned()
            }
        );
    }

    #[test]
    fn the_reverse_is_wider() {
        assert_eq!(
            relation("[1-9][0-9]{5}", "[0-9]{6}"),
            Relation::Wider {
                accepted: "000000".to_owned()
            }
        );
    }

    #[test]
    fn a_rewrite_with_the_same_values_is_the_same() {
        assert_eq!(relation("[0-9]{2}", "[0-9][0-9]"), Relation::Same);
        assert_eq!(relation("a|b", "[ab]"), Relation::Same);
    }

    #[test]
    fn overlapping_patterns_differ_both_ways() {
        assert_eq!(
            relation("[a-c]", "[b-d]"),
            Relation::Different {
                refused: "a".to_owned(),
                accepted: "d".to_owned()
            }
        );
    }

    #[test]
    fn unicode_classes_compare_on_their_utf8_bytes() {
        // `\p{L}` is far wider than ASCII letters; the witness is a whole character.
        assert_eq!(
            relation(r"\p{L}", "[a-zA-Z]"),
            Relation::Narrower {
                refused: "ª".to_owned()
            }
        );
    }

    #[test]
    fn an_unanchored_pattern_is_compared_as_a_search() {
        // ECMA-262 patterns are searched: `[0-9]` accepts any value with a digit in it.
        assert!(matches!(
            compare("[0-9]", "^[0-9]$"),
            Relation::Narrower { refused } if refused.chars().count() == 2
        ));
        // `a` and `a+` accept the same values when searched.
        assert_eq!(compare("a", "a+"), Relation::Same);
        assert_eq!(
            compare("^a", "a"),
            Relation::Wider {
                accepted: "\u{0}a".to_owned()
            }
        );
    }

    #[test]
    fn a_pattern_too_large_for_a_dfa_is_unknown() {
        assert_eq!(relation(r"\w{1000}", r"\w{999}"), Relation::Unknown);
    }

    #[test]
    fn a_pattern_too_long_to_check_is_unknown() {
        let codes: Vec<String> = (0..4000).map(|i| format!("c{i}")).collect();
        let long = codes.join("|");
        assert_eq!(relation(&long, &format!("{long}|d")), Relation::Unknown);
    }

    #[test]
    fn a_pattern_that_does_not_compile_is_unknown() {
        assert_eq!(relation("[0-9]", "(?<=a)b"), Relation::Unknown);
    }
}
