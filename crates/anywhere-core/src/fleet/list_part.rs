//! The disjoint parts a long cluster's external hosts are listed in, each its own chain of pages.
//!
//! A part is a set of the sixteen hex digits a managed-instance id ends with. Those endings are
//! random, so parts of as many digits hold about as many hosts. The part holding `f` also holds
//! every id that ends in no hex digit (or has none), so the parts of a split cover every host,
//! each in one part only (ECS matches `=~` against the whole value, as the guide's `t2.*`
//! examples show).

/// Parts a part is split into when its chain runs long.
pub const SPLIT_WAYS: usize = 4;

/// The hosts whose id ends in one of a set of hex digits (bit `d` for digit `d`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListPart {
    digits: u16,
}

const HEX: [char; 16] = [
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f',
];
/// The part that holds `f` holds the ids ending in anything else too.
const CATCH_ALL: u16 = 1 << 15;

impl ListPart {
    /// Every host of the cluster: its whole list.
    pub const WHOLE: ListPart = ListPart { digits: u16::MAX };

    pub fn is_whole(self) -> bool {
        self == ListPart::WHOLE
    }

    /// The `ListContainerInstances` filter of this part's external hosts, `external` being the
    /// filter of all of them.
    pub fn filter(self, external: &str) -> String {
        if self.is_whole() {
            return external.to_owned();
        }
        if self.digits & CATCH_ALL != 0 {
            // Every ending but the other parts' digits, so ids that end in anything else are here.
            let others = character_class(!self.digits);
            format!("{external} and not ec2InstanceId =~ '.*{others}'")
        } else {
            let mine = character_class(self.digits);
            format!("{external} and ec2InstanceId =~ '.*{mine}'")
        }
    }

    /// [`SPLIT_WAYS`] parts of this one's digits, in digit order (fewer when it has fewer digits;
    /// none when it has one, which cannot be split).
    pub fn split(self) -> Vec<ListPart> {
        let digits: Vec<u16> = (0..16).filter(|d| self.digits & (1 << d) != 0).collect();
        if digits.len() < 2 {
            return Vec::new();
        }
        let size = digits.len().div_ceil(SPLIT_WAYS);
        digits
            .chunks(size)
            .map(|chunk| ListPart {
                digits: chunk.iter().fold(0, |set, d| set | (1 << d)),
            })
            .collect()
    }
}

/// A regular-expression class of the digits in `digits`, or the one digit itself.
fn character_class(digits: u16) -> String {
    let chars: String = HEX
        .iter()
        .enumerate()
        .filter(|(d, _)| digits & (1 << d) != 0)
        .map(|(_, c)| *c)
        .collect();
    if chars.len() == 1 {
        chars
    } else {
        format!("[{chars}]")
    }
}
