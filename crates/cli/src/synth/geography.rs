//! England's NHS geography, compiled in so the default bundle builds from the
//! repository alone: the 7 NHS England regions and the 42 integrated care boards
//! with their ONS codes and names, and each ICB's IMD 2025 average score.
//! Derived once from ../shared/data (imd/imd2025_england_icb24.csv; an ICB's
//! region is the region of most of its patients' trusts, from
//! lookups/lookup_nhs_trusts22_icb22.csv and lookup_nhs_trusts22_nhs_region21.csv;
//! Surrey Heartlands and Sussex, new codes in 2024, are in the South East).
//! Source: MHCLG, NHS Digital, ONS (Open Government Licence v3.0).

/// (ONS code, name)
pub const REGIONS: [(&str, &str); 7] = [
    ("E40000003", "London"),
    ("E40000005", "South East"),
    ("E40000006", "South West"),
    ("E40000007", "East of England"),
    ("E40000008", "Midlands"),
    ("E40000009", "North East and Yorkshire"),
    ("E40000010", "North West"),
];

/// (ONS code, name, region ONS code, IMD 2025 average score)
pub const ICBS: [(&str, &str, &str, f64); 42] = [
    ("E54000008", "NHS Cheshire and Merseyside Integrated Care Board", "E40000010", 25.531),
    ("E54000010", "NHS Staffordshire and Stoke-on-Trent Integrated Care Board", "E40000008", 20.392),
    ("E54000011", "NHS Shropshire, Telford and Wrekin Integrated Care Board", "E40000008", 20.099),
    ("E54000013", "NHS Lincolnshire Integrated Care Board", "E40000008", 22.239),
    ("E54000015", "NHS Leicester, Leicestershire and Rutland Integrated Care Board", "E40000008", 19.793),
    ("E54000018", "NHS Coventry and Warwickshire Integrated Care Board", "E40000008", 19.975),
    ("E54000019", "NHS Herefordshire and Worcestershire Integrated Care Board", "E40000008", 17.654),
    ("E54000022", "NHS Norfolk and Waveney Integrated Care Board", "E40000007", 21.735),
    ("E54000023", "NHS Suffolk and North East Essex Integrated Care Board", "E40000007", 19.708),
    ("E54000024", "NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board", "E40000007", 19.537),
    ("E54000025", "NHS Hertfordshire and West Essex Integrated Care Board", "E40000007", 13.522),
    ("E54000026", "NHS Mid and South Essex Integrated Care Board", "E40000007", 18.08),
    ("E54000027", "NHS North West London Integrated Care Board", "E40000003", 23.635),
    ("E54000028", "NHS North Central London Integrated Care Board", "E40000003", 25.754),
    ("E54000029", "NHS North East London Integrated Care Board", "E40000003", 26.334),
    ("E54000030", "NHS South East London Integrated Care Board", "E40000003", 20.606),
    ("E54000031", "NHS South West London Integrated Care Board", "E40000003", 15.604),
    ("E54000032", "NHS Kent and Medway Integrated Care Board", "E40000005", 21.25),
    ("E54000034", "NHS Frimley Integrated Care Board", "E40000005", 12.359),
    ("E54000036", "NHS Cornwall and the Isles of Scilly Integrated Care Board", "E40000006", 22.283),
    ("E54000037", "NHS Devon Integrated Care Board", "E40000006", 20.141),
    ("E54000038", "NHS Somerset Integrated Care Board", "E40000006", 19.137),
    ("E54000039", "NHS Bristol, North Somerset and South Gloucestershire Integrated Care Board", "E40000006", 17.706),
    ("E54000040", "NHS Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board", "E40000006", 14.281),
    ("E54000041", "NHS Dorset Integrated Care Board", "E40000006", 16.905),
    ("E54000042", "NHS Hampshire and Isle of Wight Integrated Care Board", "E40000005", 17.157),
    ("E54000043", "NHS Gloucestershire Integrated Care Board", "E40000006", 15.146),
    ("E54000044", "NHS Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board", "E40000005", 11.618),
    ("E54000048", "NHS Lancashire and South Cumbria Integrated Care Board", "E40000010", 25.813),
    ("E54000050", "NHS North East and North Cumbria Integrated Care Board", "E40000009", 27.871),
    ("E54000051", "NHS Humber and North Yorkshire Integrated Care Board", "E40000009", 20.858),
    ("E54000054", "NHS West Yorkshire Integrated Care Board", "E40000009", 27.808),
    ("E54000055", "NHS Birmingham and Solihull Integrated Care Board", "E40000008", 34.77),
    ("E54000056", "NHS Cambridgeshire and Peterborough Integrated Care Board", "E40000007", 16.614),
    ("E54000057", "NHS Greater Manchester Integrated Care Board", "E40000010", 29.6),
    ("E54000058", "NHS Derby and Derbyshire Integrated Care Board", "E40000008", 21.553),
    ("E54000059", "NHS Northamptonshire Integrated Care Board", "E40000008", 17.483),
    ("E54000060", "NHS Nottingham and Nottinghamshire Integrated Care Board", "E40000008", 22.865),
    ("E54000061", "NHS South Yorkshire Integrated Care Board", "E40000009", 29.11),
    ("E54000062", "NHS Black Country Integrated Care Board", "E40000008", 30.214),
    ("E54000063", "NHS Surrey Heartlands Integrated Care Board", "E40000005", 10.378),
    ("E54000064", "NHS Sussex Integrated Care Board", "E40000005", 17.741),
];
