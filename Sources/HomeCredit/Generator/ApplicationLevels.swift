// The category levels of application_train / application_test: every level the real files
// contain, with the share of clients at the level and the level's real default rate
// (stats.md; levels absent from the samples use the full-data figures commonly published).

/// The level tables of the application files.
enum ApplicationLevels {
    static let contractType = LevelTable([
        ("Cash loans", 0.905, 0.0835), ("Revolving loans", 0.095, 0.0548),
    ])

    static let gender = LevelTable([
        ("F", 0.658337, 0.0700), ("M", 0.341650, 0.1014), ("XNA", 0.000013, 0.0),
    ])

    static let ownCar = LevelTable([("N", 0.66), ("Y", 0.34)])
    static let ownRealty = LevelTable([("Y", 0.694, 0.0796), ("N", 0.306, 0.0832)])

    static let suite = LevelTable([
        ("Unaccompanied", 0.8082, 0.0818), ("Family", 0.1306, 0.0749), ("Spouse, partner", 0.0370, 0.0787),
        ("Children", 0.0106, 0.0738), ("Other_B", 0.0058, 0.0983), ("", 0.0042, 0.0503),
        ("Other_A", 0.0028, 0.0877), ("Group of people", 0.0009, 0.0849),
    ])

    /// Income types of clients of working age; pensioners and the unemployed are decided by age.
    static let workingIncomeType = LevelTable([
        ("Working", 0.6294, 0.0959), ("Commercial associate", 0.2839, 0.0748), ("State servant", 0.0860, 0.0575),
        ("Student", 0.00007, 0.0), ("Businessman", 0.00004, 0.0), ("Maternity leave", 0.00002, 0.40),
    ])
    static let pensioner = Label("Pensioner")
    static let unemployed = Label("Unemployed")
    /// The real default rates of the two income types whose DAYS_EMPLOYED is 365243.
    static let pensionerRate = 0.0539
    static let unemployedRate = 0.3636

    static let education = LevelTable([
        ("Secondary / secondary special", 0.7102, 0.0894), ("Higher education", 0.2434, 0.0536),
        ("Incomplete higher", 0.0334, 0.0848), ("Lower secondary", 0.0124, 0.1093),
        ("Academic degree", 0.00053, 0.0183),
    ])

    static let familyStatus = LevelTable([
        ("Married", 0.6388, 0.0756), ("Single / not married", 0.1478, 0.0981), ("Civil marriage", 0.0968, 0.0994),
        ("Separated", 0.0643, 0.0819), ("Widow", 0.0523, 0.0582), ("Unknown", 0.0000065, 0.0),
    ])

    static let housing = LevelTable([
        ("House / apartment", 0.8873, 0.0780), ("With parents", 0.0483, 0.1170),
        ("Municipal apartment", 0.0364, 0.0854), ("Rented apartment", 0.0159, 0.1231),
        ("Office apartment", 0.0085, 0.0657), ("Co-op apartment", 0.0036, 0.0793),
    ])

    /// Occupations of employed clients (missing for about a sixth of them), for women and men:
    /// drivers and security staff are mostly men, accountants and medicine staff mostly women.
    static let occupationFemale = occupationTable(female: true)
    static let occupationMale = occupationTable(female: false)

    private static func occupationTable(female: Bool) -> LevelTable {
        // (label, clients in the full train file, default rate, women's share of the occupation)
        let rows: [(String, Double, Double, Double)] = [
            ("", 40_000, 0.0700, 0.62), ("Laborers", 55_186, 0.1058, 0.45), ("Sales staff", 32_102, 0.0963, 0.75),
            ("Core staff", 27_570, 0.0630, 0.80), ("Managers", 21_371, 0.0621, 0.55), ("Drivers", 18_603, 0.1133, 0.07),
            ("High skill tech staff", 11_380, 0.0616, 0.55), ("Accountants", 9_813, 0.0483, 0.95),
            ("Medicine staff", 8_537, 0.0670, 0.93), ("Security staff", 6_721, 0.1074, 0.20),
            ("Cooking staff", 5_946, 0.1044, 0.82), ("Cleaning staff", 4_653, 0.0961, 0.90),
            ("Private service staff", 2_652, 0.0660, 0.85), ("Low-skill Laborers", 2_093, 0.1715, 0.40),
            ("Waiters/barmen staff", 1_348, 0.1128, 0.75), ("Secretaries", 1_305, 0.0705, 0.95),
            ("Realty agents", 751, 0.0786, 0.80), ("HR staff", 563, 0.0639, 0.90), ("IT staff", 526, 0.0646, 0.45),
        ]
        return LevelTable(rows.map { ($0.0, $0.1 * (female ? $0.3 : 1 - $0.3), $0.2) })
    }

    /// Employers of employed clients (pensioners and the unemployed have `XNA`).
    static let organization = LevelTable([
        ("Business Entity Type 3", 67_992, 0.0930), ("Self-employed", 38_412, 0.1017), ("Other", 16_683, 0.0642),
        ("Medicine", 11_193, 0.0659), ("Business Entity Type 2", 10_553, 0.0853), ("Government", 10_404, 0.0698),
        ("School", 8_893, 0.0591), ("Trade: type 7", 7_831, 0.0947), ("Kindergarten", 6_880, 0.0703),
        ("Construction", 6_721, 0.1168), ("Business Entity Type 1", 5_984, 0.0814), ("Transport: type 4", 5_398, 0.0928),
        ("Trade: type 3", 3_492, 0.1034), ("Industry: type 9", 3_368, 0.0668), ("Industry: type 3", 3_278, 0.1062),
        ("Security", 3_247, 0.0998), ("Housing", 2_958, 0.0794), ("Industry: type 11", 2_704, 0.0865),
        ("Military", 2_634, 0.0513), ("Bank", 2_507, 0.0519), ("Agriculture", 2_454, 0.1047), ("Police", 2_341, 0.0500),
        ("Transport: type 2", 2_204, 0.0780), ("Postal", 2_157, 0.0844), ("Security Ministries", 1_974, 0.0486),
        ("Trade: type 2", 1_900, 0.0700), ("Restaurant", 1_811, 0.1171), ("Services", 1_575, 0.0660),
        ("University", 1_327, 0.0490), ("Industry: type 7", 1_307, 0.0803), ("Transport: type 3", 1_187, 0.1575),
        ("Industry: type 1", 1_039, 0.1107), ("Hotel", 966, 0.0642), ("Electricity", 950, 0.0663),
        ("Industry: type 4", 877, 0.1015), ("Trade: type 6", 631, 0.0459), ("Industry: type 5", 599, 0.0684),
        ("Insurance", 597, 0.0570), ("Telecom", 577, 0.0763), ("Emergency", 560, 0.0714), ("Industry: type 2", 458, 0.0721),
        ("Advertising", 429, 0.0816), ("Realtor", 396, 0.1061), ("Culture", 379, 0.0554), ("Industry: type 12", 369, 0.0379),
        ("Trade: type 1", 348, 0.0891), ("Mobile", 317, 0.0915), ("Legal Services", 305, 0.0787), ("Cleaning", 260, 0.1115),
        ("Transport: type 1", 201, 0.0448), ("Industry: type 6", 112, 0.0714), ("Industry: type 10", 109, 0.0642),
        ("Religion", 85, 0.0588), ("Industry: type 13", 67, 0.1343), ("Trade: type 4", 64, 0.0313),
        ("Trade: type 5", 49, 0.0612), ("Industry: type 8", 24, 0.1250),
    ])
    static let organizationNone = Label("XNA")

    static let weekday = LevelTable([
        ("TUESDAY", 0.1753), ("WEDNESDAY", 0.1689), ("MONDAY", 0.1649), ("THURSDAY", 0.1645),
        ("FRIDAY", 0.1637), ("SATURDAY", 0.1101), ("SUNDAY", 0.0526),
    ])

    // The building block (*_AVG/_MODE/_MEDI) labels; their presence is drawn with the building.
    static let fondkapremont = LevelTable([
        ("reg oper account", 0.7597), ("reg oper spec account", 0.1237), ("org spec account", 0.0586),
        ("not specified", 0.0580),
    ])
    static let houseType = LevelTable([
        ("block of flats", 0.9815, 0.0694), ("specific housing", 0.0097, 0.1014), ("terraced house", 0.0088, 0.0850),
    ])
    static let wallsMaterial = LevelTable([
        ("Panel", 0.4368, 0.0635), ("Stone, brick", 0.4299, 0.0741), ("Block", 0.0615, 0.0703),
        ("Wooden", 0.0353, 0.0970), ("Mixed", 0.0152, 0.0751), ("Monolithic", 0.0118, 0.0477),
        ("Others", 0.0095, 0.0834),
    ])
    static let emergencyState = LevelTable([("No", 0.9851), ("Yes", 0.0149)])

    /// The regions clients live in: relative population and the two region ratings
    /// (1 is the best-rated, mostly the largest cities).
    static let regions: [(population: Int, share: Double, rating: Int)] = [
        // population in millionths (0.018801 is 18801), share of clients, REGION_RATING_CLIENT
        (1276, 0.2, 2), (1333, 0.4, 3), (2042, 0.4, 3), (2134, 0.2, 3), (2506, 0.2, 2), (3069, 0.2, 3),
        (3122, 1.0, 3), (3541, 0.2, 1), (3813, 0.4, 2), (3818, 0.2, 2), (4849, 0.2, 2), (4960, 0.8, 2),
        (5144, 1.0, 2), (6008, 1.0, 2), (6207, 1.0, 2), (6233, 0.4, 2), (6296, 0.6, 3), (6305, 0.2, 3),
        (6629, 1.4, 2), (6671, 1.0, 2), (6852, 1.2, 3), (7020, 1.4, 2), (7114, 0.2, 2), (7120, 1.6, 2),
        (7274, 0.8, 2), (7305, 1.4, 3), (7330, 1.4, 2), (8019, 0.6, 2), (8230, 0.8, 2), (8474, 0.6, 2),
        (8575, 0.8, 2), (8625, 0.4, 2), (8866, 0.8, 2), (9175, 1.2, 2), (9334, 0.4, 2), (9549, 0.4, 2),
        (9630, 0.4, 2), (9657, 1.4, 2), (10006, 1.8, 2), (10032, 1.0, 2), (10147, 1.2, 2), (10276, 0.2, 2),
        (10500, 0.2, 3), (10556, 0.4, 3), (10643, 1.0, 2), (10966, 0.8, 2), (11657, 1.0, 1), (11703, 0.4, 2),
        (14464, 1.2, 2), (14520, 1.4, 2), (15221, 2.0, 2), (16612, 2.4, 2), (18029, 1.0, 3), (18209, 1.0, 3),
        (18634, 4.0, 2), (18801, 3.4, 2), (18850, 2.8, 2), (19101, 3.4, 2), (19689, 2.0, 2), (20246, 4.6, 3),
        (20713, 2.0, 3), (22625, 1.6, 2), (22800, 1.4, 2), (24610, 1.8, 2), (25164, 4.8, 2), (26392, 4.2, 2),
        (28663, 2.8, 2), (30755, 4.2, 2), (31329, 4.4, 2), (32561, 2.8, 1), (35792, 5.2, 2), (46220, 4.4, 1),
        (72508, 5.4, 1),
    ]
    // The sample over-represents the best-rated regions a little: reweight to the real
    // REGION_RATING_CLIENT shares (1: 10.5%, 2: 73.8%, 3: 15.7%).
    static let regionTable = LevelTable(regions.map {
        (String($0.population), $0.share * [0, 0.85, 1, 1.12][$0.rating])
    })

    /// FLAG_DOCUMENT_2 … FLAG_DOCUMENT_21: which single document a client provided (index 0 is
    /// document 2), or none. Document 3 comes with most cash loans.
    static let document = LevelTable([
        ("3", 0.7100), ("none", 0.0900), ("6", 0.0880), ("8", 0.0814), ("5", 0.0151), ("16", 0.0099),
        ("18", 0.0081), ("11", 0.0039), ("9", 0.0039), ("13", 0.0035), ("14", 0.0029), ("15", 0.0012),
        ("19", 0.0006), ("20", 0.0005), ("21", 0.0003), ("17", 0.00027), ("7", 0.00019), ("4", 0.00008),
        ("2", 0.00004), ("10", 0.000023), ("12", 0.0000065),
    ])
    /// The document number of each `document` level (0 for none).
    static let documentNumbers: [Int] = [3, 0, 6, 8, 5, 16, 18, 11, 9, 13, 14, 15, 19, 20, 21, 17, 7, 4, 2, 10, 12]
}
