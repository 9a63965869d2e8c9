/// Writes one row of application_train (with TARGET) or application_test (without), in the
/// real column order (`HomeCreditFile.applicationTrain.fields`).
///
/// The profile holds what bears on default; the columns that carry no risk (phone flags, hour
/// of application, car age, bureau enquiry counts…) are drawn here, straight into the row.
enum ApplicationWriter {
    static func write(_ client: ClientProfile, to row: inout CSVLineWriter, random: inout RandomSource) {
        let levels = ApplicationLevels.self
        row.integer(client.id)
        if client.plan.isTrain { row.integer(client.target ? 1 : 0) }
        row.label(levels.contractType[client.contractType])
        row.label(levels.gender[client.gender])
        row.label(client.ownsCar ? yes : no)
        row.label(levels.ownRealty[client.realty])
        row.integer(client.children)
        row.decimal(client.incomeTenths, scale: 1)
        row.decimal(client.creditTenths, scale: 1)
        row.decimal(client.annuityTenths, scale: 1)
        row.decimal(client.goodsTenths, scale: 1)
        row.label(levels.suite[client.suite])
        row.label(client.incomeType)
        row.label(levels.education[client.education])
        row.label(levels.familyStatus[client.familyStatus])
        row.label(levels.housing[client.housing])
        row.decimal(levels.regions[client.region].population, scale: 6)
        row.integer(client.daysBirth)
        row.integer(client.daysEmployed)
        row.wholeReal(client.daysRegistration)
        row.integer(client.daysIdPublish)
        row.wholeReal(client.ownsCar ? carAge(&random) : nil)

        // FLAG_MOBIL, FLAG_EMP_PHONE (0 exactly for DAYS_EMPLOYED = 365243), FLAG_WORK_PHONE,
        // FLAG_CONT_MOBILE, FLAG_PHONE, FLAG_EMAIL.
        row.integer(random.chance(0.0000033) ? 0 : 1)
        row.integer(client.isEmployed ? 1 : 0)
        row.integer(random.chance(client.isEmployed ? 0.24 : 0.005) ? 1 : 0)
        row.integer(random.chance(0.99813) ? 1 : 0)
        row.integer(random.chance(client.isEmployed ? 0.245 : 0.44) ? 1 : 0)
        row.integer(random.chance(client.isEmployed ? 0.067 : 0.01) ? 1 : 0)

        row.label(client.occupation)
        row.wholeReal(random.chance(0.0000065) ? nil : client.familyMembers)
        row.integer(client.ratingClient)
        row.integer(client.ratingCity)
        let weekday = levels.weekday.draw(&random)
        row.label(levels.weekday[weekday])
        row.integer(applicationHour(weekend: weekday >= 5, &random))
        row.integer(client.regNotLiveRegion ? 1 : 0)
        row.integer(client.regNotWorkRegion ? 1 : 0)
        row.integer(client.liveNotWorkRegion ? 1 : 0)
        row.integer(client.regNotLiveCity ? 1 : 0)
        row.integer(client.regNotWorkCity ? 1 : 0)
        row.integer(client.liveNotWorkCity ? 1 : 0)
        row.label(client.organization)
        row.double(client.ext1)
        row.double(client.ext2)
        row.double(client.ext3)

        BuildingWriter.write(hasBuilding: client.hasBuilding, to: &row, random: &random)

        // OBS_30, DEF_30, OBS_60, DEF_60 social circle counts: the 60-day figures are the same
        // people seen over a longer window, so they barely differ.
        if random.chance(client.plan.isTrain ? 0.0033 : 0.0006) {
            for _ in 0..<4 { row.empty() }
        } else {
            let observed60 = random.chance(0.04) ? max(0, client.socialObserved - 1) : client.socialObserved
            let defaulted60 = client.socialDefaulted > 0 && random.chance(0.3) ? client.socialDefaulted - 1 : client.socialDefaulted
            row.wholeReal(client.socialObserved)
            row.wholeReal(client.socialDefaulted)
            row.wholeReal(observed60)
            row.wholeReal(min(defaulted60, observed60))
        }
        row.wholeReal(random.chance(0.0000033) ? nil : client.daysPhoneChange)

        // FLAG_DOCUMENT_2 … FLAG_DOCUMENT_21.
        let document = levels.documentNumbers[client.document]
        for number in 2...21 { row.integer(number == document ? 1 : 0) }

        writeBureauEnquiries(isTrain: client.plan.isTrain, to: &row, random: &random)
        row.endRow()
    }

    private static let yes = Label("Y")
    private static let no = Label("N")

    /// OWN_CAR_AGE in years; a small bump at 64–65 years, as in the real data.
    private static func carAge(_ random: inout RandomSource) -> Int {
        if random.chance(0.01) { return random.chance(0.6) ? 64 : 65 }
        return Int(carAgeCurve.value(at: random.uniform()).rounded())
    }
    private static let carAgeCurve = QuantileCurve([
        (0, 0), (0.05, 1), (0.25, 5), (0.5, 9), (0.75, 15), (0.95, 25), (0.99, 40), (1, 55),
    ])

    /// HOUR_APPR_PROCESS_START: office hours around noon, a little later at weekends.
    private static func applicationHour(weekend: Bool, _ random: inout RandomSource) -> Int {
        let hour = 12.06 + (weekend ? 0.5 : 0) + 3.27 * random.normal()
        return min(23, max(0, Int(hour.rounded())))
    }

    /// AMT_REQ_CREDIT_BUREAU_HOUR … _YEAR: enquiries to the bureau before the application,
    /// all six missing together for about 13% of clients.
    private static func writeBureauEnquiries(isTrain: Bool, to row: inout CSVLineWriter, random: inout RandomSource) {
        if random.chance(isTrain ? 0.135 : 0.1241) {
            for _ in 0..<6 { row.empty() }
            return
        }
        row.wholeReal(random.chance(0.9947) ? 0 : 1 + (random.chance(0.1) ? 1 : 0))
        row.wholeReal(random.chance(0.9944) ? 0 : 1 + (random.chance(0.1) ? 1 : 0))
        row.wholeReal(random.chance(0.968) ? 0 : 1 + (random.chance(0.06) ? 1 : 0))
        row.wholeReal(random.negativeBinomial(mean: 0.27, shape: 0.3))
        row.wholeReal(random.negativeBinomial(mean: 0.27, shape: 0.6))
        row.wholeReal(random.negativeBinomial(mean: 1.9, shape: 1.6))
    }
}
