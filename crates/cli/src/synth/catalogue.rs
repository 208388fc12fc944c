//! The demonstration indicator catalogue: realistic indicators across the nine
//! system domains, the health-inequality priority areas, sustainability (with
//! unit costs and carbon factors) and the social care interface. Base levels
//! are typical of published England figures; the values are synthetic.

use healthdash_core::bundle::{Polarity, ValueType};

pub struct Spec {
    pub id: &'static str,
    pub name: &'static str,
    pub definition: &'static str,
    pub domains: &'static [&'static str],
    pub value_type: ValueType,
    pub multiplier: f64,
    pub unit: &'static str,
    pub polarity: Polarity,
    pub target: Option<f64>,
    /// Proportion (0–1) or rate per person per month, England level.
    pub base: f64,
    /// Denominator per head of population per month (proportions only).
    pub denominator_per_head: f64,
    /// Annual change on the logit (proportions) or log (rates) scale, improving if positive.
    pub drift: f64,
    /// Winter pressure on the same scale (worse in December–February).
    pub winter: f64,
    /// Whether ethnicity and deprivation breakdowns are published.
    pub breakdowns: bool,
    pub unit_cost: Option<f64>,
    pub carbon_factor: Option<f64>,
}

use Polarity::{HigherIsBetter as Up, LowerIsBetter as Down};
use ValueType::{Proportion, Rate};

/// A proportion indicator (shorthand for the catalogue table below).
#[allow(clippy::too_many_arguments)]
const fn p(
    id: &'static str,
    name: &'static str,
    definition: &'static str,
    domains: &'static [&'static str],
    polarity: Polarity,
    target: Option<f64>,
    base: f64,
    per_head: f64,
) -> Spec {
    Spec {
        id,
        name,
        definition,
        domains,
        value_type: Proportion,
        multiplier: 100.0,
        unit: "%",
        polarity,
        target,
        base,
        denominator_per_head: per_head,
        drift: 0.05,
        winter: 0.0,
        breakdowns: false,
        unit_cost: None,
        carbon_factor: None,
    }
}

const fn r(id: &'static str, name: &'static str, definition: &'static str, domains: &'static [&'static str], base_per_100k: f64) -> Spec {
    Spec {
        id,
        name,
        definition,
        domains,
        value_type: Rate,
        multiplier: 100_000.0,
        unit: "per 100,000",
        polarity: Down,
        target: None,
        base: base_per_100k / 100_000.0,
        denominator_per_head: 1.0,
        drift: 0.04,
        winter: 0.0,
        breakdowns: false,
        unit_cost: None,
        carbon_factor: None,
    }
}

pub fn catalogue() -> Vec<Spec> {
    vec![
        Spec {
            winter: 0.25,
            ..p(
                "ae_4hr",
                "A&E attendances seen within 4 hours",
                "Percentage of A&E attendances admitted, transferred or discharged within 4 hours of arrival.",
                &["emergency_care"],
                Up,
                Some(78.0),
                0.735,
                0.0037,
            )
        },
        Spec {
            winter: 0.3,
            ..p(
                "amb_cat2_30min",
                "Ambulance category 2 responses within 30 minutes",
                "Percentage of category 2 (emergency) ambulance incidents responded to within 30 minutes.",
                &["emergency_care"],
                Up,
                Some(90.0),
                0.72,
                0.0009,
            )
        },
        p(
            "rtt_18wk",
            "Patients waiting under 18 weeks for treatment",
            "Percentage of patients on the referral-to-treatment waiting list who have waited under 18 weeks.",
            &["elective_care"],
            Up,
            Some(92.0),
            0.59,
            0.13,
        ),
        Spec {
            unit_cost: Some(350.0),
            carbon_factor: Some(45.0),
            ..p(
                "diag_6wk",
                "Diagnostic tests waiting 6 weeks or more",
                "Percentage of patients waiting 6 weeks or more for one of 15 key diagnostic tests.",
                &["elective_care", "sustainability"],
                Down,
                Some(5.0),
                0.21,
                0.027,
            )
        },
        Spec {
            winter: 0.08,
            ..r(
                "cdiff",
                "Healthcare-associated C. difficile infections",
                "Hospital-onset healthcare-associated Clostridioides difficile infections per 100,000 population.",
                &["safety"],
                2.6,
            )
        },
        Spec {
            unit_cost: Some(2800.0),
            carbon_factor: Some(610.0),
            ..p(
                "readmit_30d",
                "Emergency readmissions within 30 days",
                "Percentage of discharges followed by an emergency readmission within 30 days.",
                &["safety", "sustainability"],
                Down,
                None,
                0.145,
                0.009,
            )
        },
        p(
            "gp_2wk",
            "GP appointments within two weeks of booking",
            "Percentage of general practice appointments that took place within two weeks of booking.",
            &["general_practice"],
            Up,
            Some(85.0),
            0.82,
            0.48,
        ),
        p(
            "gp_experience",
            "Good overall experience of GP practice",
            "Percentage of GP Patient Survey respondents describing their overall experience as good.",
            &["general_practice"],
            Up,
            None,
            0.72,
            0.05,
        ),
        p(
            "talking_recovery",
            "Talking therapies recovery rate",
            "Percentage of people completing NHS Talking Therapies treatment who moved to recovery.",
            &["mental_health"],
            Up,
            Some(50.0),
            0.48,
            0.0011,
        ),
        r(
            "mh_oap",
            "Inappropriate out-of-area mental health placement days",
            "Bed days in inappropriate out-of-area placements for adult acute mental health care, per 100,000 population.",
            &["mental_health"],
            9.0,
        ),
        p(
            "cancer_62d",
            "Cancer treatment within 62 days of urgent referral",
            "Percentage of patients starting first cancer treatment within 62 days of an urgent suspected cancer referral.",
            &["cancer"],
            Up,
            Some(85.0),
            0.68,
            0.00027,
        ),
        p(
            "cancer_fds",
            "Cancer diagnosed or ruled out within 28 days",
            "Faster Diagnosis Standard: percentage told they have cancer, or that it is ruled out, within 28 days of referral.",
            &["cancer"],
            Up,
            Some(77.0),
            0.76,
            0.0045,
        ),
        Spec {
            breakdowns: true,
            ..p(
                "flu_65",
                "Flu vaccination uptake, aged 65 and over",
                "Percentage of people aged 65 and over vaccinated against seasonal influenza.",
                &["prevention", "inequalities"],
                Up,
                Some(85.0),
                0.77,
                0.19,
            )
        },
        Spec {
            breakdowns: true,
            ..p(
                "cervical_screen",
                "Cervical screening coverage, aged 25 to 64",
                "Percentage of eligible women aged 25 to 64 adequately screened within the recommended interval.",
                &["prevention", "inequalities"],
                Up,
                Some(80.0),
                0.69,
                0.31,
            )
        },
        Spec {
            breakdowns: true,
            ..p(
                "hypertension_target",
                "Hypertension treated to target",
                "Percentage of patients with hypertension whose last blood pressure reading was within the target range.",
                &["inequalities"],
                Up,
                Some(80.0),
                0.67,
                0.14,
            )
        },
        Spec {
            breakdowns: true,
            winter: 0.1,
            ..r(
                "ae_attend_rate",
                "Emergency admissions for ambulatory care sensitive conditions",
                "Emergency admissions for conditions usually managed in primary and community care, per 100,000 population.",
                &["inequalities", "emergency_care"],
                95.0,
            )
        },
        // Numerator and denominator are £ thousands (agency spend over the pay bill, about
        // £600 of pay a head of population), so a unit is £1,000 of agency spend. Moving it to
        // substantive staff saves the agency premium, taken as 30%: £300 a unit.
        Spec {
            unit_cost: Some(300.0),
            carbon_factor: None,
            ..p(
                "agency_spend",
                "Agency staff spend as a share of pay bill",
                "Agency staffing cost as a percentage of total pay costs (both in £ thousands; a unit is £1,000 of agency spend).",
                &["finance"],
                Down,
                Some(3.2),
                0.045,
                0.6,
            )
        },
        p(
            "plan_variance",
            "Organisations on track against financial plan",
            "Percentage of months where the system's year-to-date position is on or ahead of its financial plan.",
            &["finance"],
            Up,
            None,
            0.62,
            0.00001,
        ),
        p(
            "staff_sickness",
            "Staff sickness absence rate",
            "Full-time-equivalent days lost to sickness as a percentage of days available.",
            &["system_leadership"],
            Down,
            Some(4.1),
            0.051,
            0.4,
        ),
        p(
            "staff_survey_engagement",
            "Staff recommending their organisation as a place to work",
            "Percentage of NHS Staff Survey respondents who would recommend their organisation as a place to work.",
            &["system_leadership"],
            Up,
            None,
            0.61,
            0.004,
        ),
        Spec {
            unit_cost: Some(395.0),
            carbon_factor: Some(37.0),
            winter: 0.12,
            ..r(
                "delayed_nhs",
                "Delayed discharge days attributable to the NHS",
                "Days patients spent in hospital after they were ready to leave, where the delay was attributable to the NHS, per 100,000 population.",
                &["social_care", "sustainability"],
                310.0,
            )
        },
        Spec {
            unit_cost: Some(395.0),
            carbon_factor: Some(37.0),
            winter: 0.15,
            ..r(
                "delayed_social_care",
                "Delayed discharge days attributable to social care",
                "Days patients spent in hospital after they were ready to leave, where the delay was attributable to social care, per 100,000 population.",
                &["social_care", "sustainability"],
                240.0,
            )
        },
        Spec {
            unit_cost: Some(0.0),
            carbon_factor: Some(17.0),
            ..p(
                "mdi_share",
                "Metered-dose inhalers as a share of inhalers prescribed",
                "Percentage of inhalers prescribed that are high-carbon metered-dose inhalers (excluding salbutamol dry powder alternatives).",
                &["sustainability"],
                Down,
                Some(50.0),
                0.68,
                0.0045,
            )
        },
        Spec {
            unit_cost: Some(120.0),
            carbon_factor: Some(22.0),
            ..r(
                "op_followup",
                "Outpatient follow-up attendances without a procedure",
                "Outpatient follow-up attendances without a procedure, per 100,000 population.",
                &["sustainability", "elective_care"],
                1900.0,
            )
        },
    ]
}

/// The domains every bundle from `synth` defines, with their kinds.
pub const DOMAINS: [(&str, &str, &str); 12] = [
    ("emergency_care", "Emergency care", "system"),
    ("elective_care", "Elective care", "system"),
    ("safety", "Safety", "system"),
    ("general_practice", "General practice", "system"),
    ("mental_health", "Mental health", "system"),
    ("cancer", "Cancer", "system"),
    ("prevention", "Prevention", "system"),
    ("finance", "Finance", "system"),
    ("system_leadership", "System leadership", "system"),
    ("inequalities", "Health inequalities priority areas", "inequalities"),
    ("sustainability", "Sustainability", "sustainability"),
    ("social_care", "Social care interface", "social_care"),
];
