//! [`OrgRef`]: an organisation as query results name it (code, name, type).

use crate::bundle::Organisation;
use serde::Serialize;

/// An organisation as results name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgRef {
    pub code: String,
    pub name: String,
    #[serde(rename = "type")]
    pub org_type: String,
}

impl OrgRef {
    pub(crate) fn of(o: &Organisation) -> OrgRef {
        OrgRef { code: o.code.clone(), name: o.name.clone(), org_type: o.org_type.clone() }
    }

    /// For a code the manifest does not list: the code stands for the name.
    pub(crate) fn code_only(code: &str) -> OrgRef {
        OrgRef { code: code.to_string(), name: code.to_string(), org_type: String::new() }
    }
}
