import Foundation

/// One applicant: the application attributes that bear on default, and the default itself.
///
/// Drawn from the client's plan (its latent factors) and the block's random stream, in a fixed
/// order. Attributes that carry no risk (building measurements, phone flags, bureau enquiry
/// counts…) are drawn afterwards by `ApplicationWriter`, directly into the row.
struct ClientProfile {
    let id: Int
    let plan: ClientPlan

    // Who the client is. Integer fields are level indices in `ApplicationLevels` tables.
    var gender = 0
    var ownsCar = false
    var realty = 0
    var children = 0
    var familyStatus = 0
    var familyMembers = 1
    var suite = 0
    var education = 0
    var housing = 0
    var daysBirth = -15_000

    // Work: pensioners and the unemployed have DAYS_EMPLOYED = 365243, no occupation and employer XNA.
    var incomeType = ApplicationLevels.pensioner
    /// The level in `ApplicationLevels.workingIncomeType`, for clients of working age.
    var workingType: Int? = nil
    var isEmployed = true
    var occupation: Label? = nil
    var organization = ApplicationLevels.organizationNone
    var daysEmployed = 365_243
    var daysRegistration = 0
    var daysIdPublish = 0
    var daysPhoneChange = 0

    // Where the client lives and works.
    var region = 0
    var ratingClient = 2
    var ratingCity = 2
    var regNotLiveRegion = false
    var regNotWorkRegion = false
    var liveNotWorkRegion = false
    var regNotLiveCity = false
    var regNotWorkCity = false
    var liveNotWorkCity = false
    var hasBuilding = false

    // The request, in tenths (the real amounts are multiples of 0.5).
    var contractType = 0
    var incomeTenths = 0
    var creditTenths = 0
    var annuityTenths: Int? = nil
    var goodsTenths: Int? = nil
    var document = 0

    // What the bank knows about the client's standing.
    var ext1: Double? = nil
    var ext2: Double? = nil
    var ext3: Double? = nil
    var socialObserved = 0
    var socialDefaulted = 0

    /// The default log-odds of the hidden mechanism, and the outcome drawn from it.
    var riskLogOdds = 0.0
    var target = false

    init(id: Int, plan: ClientPlan, random: inout RandomSource) {
        self.id = id
        self.plan = plan
        var effects = 0.0
        drawPerson(&random, effects: &effects)
        drawWork(&random, effects: &effects)
        drawPlace(&random, effects: &effects)
        drawRequest(&random, effects: &effects)
        drawStanding(&random)
        decideDefault(&random, effects: effects)
    }

    var ageYears: Double { Double(-daysBirth) / 365.25 }
    var isRevolving: Bool { contractType == 1 }

    // MARK: - Drawing

    private mutating func drawPerson(_ random: inout RandomSource, effects: inout Double) {
        daysBirth = -Int(Self.ageDays.value(latent: plan.age).rounded())
        gender = ApplicationLevels.gender.draw(&random)
        effects += ApplicationLevels.gender.effects[gender]
        // Men own cars twice as often as women (53% against 24%).
        ownsCar = random.chance(gender == 1 ? 0.53 : 0.24)
        if ownsCar { effects -= 0.1 }
        realty = ApplicationLevels.ownRealty.draw(&random)
        effects += ApplicationLevels.ownRealty.effects[realty]
        familyStatus = ApplicationLevels.familyStatus.draw(&random)
        effects += ApplicationLevels.familyStatus.effects[familyStatus]
        children = drawChildren(&random)
        effects += 0.06 * Double(min(children, 3))
        let couple = familyStatus == 0 || familyStatus == 2  // Married, Civil marriage
        familyMembers = children + (couple ? 2 : 1) + (random.chance(0.015) ? 1 : 0)
        suite = ApplicationLevels.suite.draw(&random)
        effects += ApplicationLevels.suite.effects[suite]
        education = ApplicationLevels.education.draw(&random)
        effects += ApplicationLevels.education.effects[education]
        housing = ApplicationLevels.housing.draw(&random)
        if ageYears < 30 && random.chance(0.03) { housing = 1 }  // young clients live with parents
        effects += ApplicationLevels.housing.effects[housing]
    }

    /// Children: most clients under 50 have some, few older ones still declare any.
    private func drawChildren(_ random: inout RandomSource) -> Int {
        let u = random.uniform()
        if ageYears < 50 {
            let cumulative = [0.60, 0.86, 0.978, 0.9955, 0.9992, 0.9998]
            return cumulative.firstIndex { u < $0 } ?? (6 + random.int(below: 4))
        }
        let cumulative = [0.91, 0.975, 0.995, 0.9993]
        return cumulative.firstIndex { u < $0 } ?? 4
    }

    private mutating func drawWork(_ random: inout RandomSource, effects: inout Double) {
        // Pensioners: almost all clients past 60, a few younger ones (disability, early pensions).
        let pensionChance = 0.012 + 0.95 * logistic((ageYears - 57.5) / 1.5)
        if random.chance(pensionChance) {
            incomeType = ApplicationLevels.pensioner
            isEmployed = false
            effects += RiskModel.levelEffect(defaultRate: ApplicationLevels.pensionerRate)
        } else if random.chance(0.00009) {
            incomeType = ApplicationLevels.unemployed
            isEmployed = false
            effects += RiskModel.levelEffect(defaultRate: ApplicationLevels.unemployedRate)
        } else {
            let type = ApplicationLevels.workingIncomeType.draw(&random)
            incomeType = ApplicationLevels.workingIncomeType[type]!
            workingType = type
            effects += ApplicationLevels.workingIncomeType.effects[type]
            let occupations = gender == 1 ? ApplicationLevels.occupationMale : ApplicationLevels.occupationFemale
            let job = occupations.draw(&random)
            occupation = occupations[job]
            effects += occupations.effects[job]
            let employer = ApplicationLevels.organization.draw(&random)
            organization = ApplicationLevels.organization[employer]!
            effects += ApplicationLevels.organization.effects[employer]
        }

        // Settled clients have worked, lived and kept their ID and phone longer.
        let s = plan.stability
        let maxWorkDays = max(30.0, (ageYears - 16) * 365.25)
        if isEmployed {
            let days = Self.employedDays.value(latent: 0.8 * s + 0.6 * random.normal())
            daysEmployed = -max(1, Int(min(days, maxWorkDays).rounded()))
        } else {
            daysEmployed = 365_243
        }
        let registration = Self.registrationDays.value(latent: 0.3 * s + 0.35 * plan.age + 0.89 * random.normal())
        daysRegistration = -Int(min(registration, Double(-daysBirth)).rounded())
        let idDays = Self.idPublishDays.value(latent: 0.25 * s + 0.3 * plan.age + 0.92 * random.normal())
        daysIdPublish = -Int(min(idDays, Double(-daysBirth) - 14 * 365.25).rounded())
        daysPhoneChange = random.chance(0.122) ? 0 : -Int(Self.phoneChangeDays.value(latent: 0.5 * s + 0.866 * random.normal()).rounded())
    }

    private mutating func drawPlace(_ random: inout RandomSource, effects: inout Double) {
        region = ApplicationLevels.regionTable.draw(&random)
        ratingClient = ApplicationLevels.regions[region].rating
        ratingCity = ratingClient
        if ratingClient == 3 && random.chance(0.09) { ratingCity = 2 }
        if ratingClient == 2 && random.chance(0.008) { ratingCity = 1 }
        effects += [0, -0.45, 0, 0.28][ratingClient] + (ratingCity > ratingClient ? 0.1 : 0)

        regNotLiveCity = random.chance(0.078)
        regNotLiveRegion = regNotLiveCity && random.chance(0.19)
        liveNotWorkCity = isEmployed && random.chance(0.22)
        liveNotWorkRegion = liveNotWorkCity && random.chance(0.23)
        regNotWorkCity = isEmployed && (liveNotWorkCity || (regNotLiveCity && random.chance(0.9)))
        regNotWorkRegion = isEmployed && (liveNotWorkRegion || (regNotLiveRegion && random.chance(0.9)))
        if regNotLiveCity { effects += 0.25 }
        if regNotWorkCity { effects += 0.18 }

        // About half the clients live in a building the bank has measurements of.
        hasBuilding = random.chance(0.526)
        if hasBuilding { effects -= 0.15 }
    }

    private mutating func drawRequest(_ random: inout RandomSource, effects: inout Double) {
        contractType = ApplicationLevels.contractType.draw(&random)
        effects += ApplicationLevels.contractType.effects[contractType]

        // Income: log-normal around 147,150, higher for men, graduates and business owners.
        var median = 132_000.0
        if gender == 1 { median *= 1.25 }
        if education == 1 { median *= 1.25 } else if education == 4 { median *= 1.5 }
        if !isEmployed { median *= 0.72 }
        if workingType == 1 { median *= 1.12 }  // Commercial associate
        let incomeZ = 0.15 * plan.quality + 0.99 * random.normal()
        let income = max(25_650, median * exp(0.47 * incomeZ))
        // Most incomes are multiples of 4,500 (monthly figures times twelve).
        incomeTenths = random.chance(0.9) ? Self.roundTo(income, 4_500) * 10 : Self.roundTo(income, 9) * 10

        if isRevolving {
            let limit = Self.revolvingLimits.draw(&random)
            creditTenths = limit * 10
            goodsTenths = random.chance(0.0095) ? nil : creditTenths
            annuityTenths = limit / 2  // 5% of the limit
        } else {
            // Goods price: larger for richer and better-rated clients; round prices are common.
            let goodsZ = 0.45 * incomeZ + 0.12 * plan.quality + 0.88 * random.normal()
            let goods = min(4_050_000, max(40_500, 485_000 * exp(0.62 * goodsZ)))
            let goodsUnits = random.chance(0.5) ? max(45_000, Self.roundTo(goods, 45_000)) : Self.roundTo(goods, 4_500)
            goodsTenths = goodsUnits * 10
            // Credit = goods plus insurance (median ratio 1.12); amounts are multiples of 0.5.
            let ratio = random.chance(0.2) ? 1.0 : random.uniform(1.07, 1.21)
            creditTenths = Int((Double(goodsUnits) * ratio * 2).rounded()) * 5
            // Larger loans run longer, which keeps the annuities of large loans realistic.
            let term = Self.terms.value(at: pow(random.uniform(), exp(-0.6 * goodsZ)))
            let rate = max(0.006, random.uniform(0.010, 0.026) - 0.002 * plan.quality)
            let annuity = Double(creditTenths) / 10 * rate / (1 - pow(1 + rate, -Double(term)))
            annuityTenths = Int((annuity * 2).rounded()) * 5
        }
        if random.chance(0.00004) { annuityTenths = nil }

        // Which document came with the application; most cash loans come with document 3.
        document = isRevolving && random.chance(0.8) ? 1 : ApplicationLevels.document.draw(&random)
        if ApplicationLevels.documentNumbers[document] == 3 { effects += 0.15 }
    }

    private mutating func drawStanding(_ random: inout RandomSource) {
        let loadings = [RiskModel.ext1Loadings, RiskModel.ext2Loadings, RiskModel.ext3Loadings]
        let own = [plan.ownFactors.0, plan.ownFactors.1, plan.ownFactors.2]
        var latent = [0.0, 0.0, 0.0]
        for k in 0..<3 {
            let l = loadings[k]
            let noise = (1 - l.age * l.age - l.quality * l.quality - l.own * l.own).squareRoot()
            latent[k] = l.age * plan.age + l.quality * plan.quality + l.own * own[k] + noise * random.normal()
        }
        // The test file has fewer missing scores than the train file, as in the real data.
        let missing1 = plan.isTrain ? 0.5638 : 0.4212
        let missing3 = plan.isTrain ? 0.1983 : 0.1778
        ext1 = random.chance(missing1) ? nil : Self.ext1Curve.value(latent: latent[0])
        ext2 = random.chance(0.0021) ? nil : Self.ext2Curve.value(latent: latent[1])
        ext3 = random.chance(missing3) ? nil : Self.ext3Curve.value(latent: latent[2])

        // Acquaintances in the social circle, and how many of them defaulted.
        socialObserved = random.negativeBinomial(mean: 1.42, shape: 0.45)
        let defaultChance = logistic(-2.4 - 0.6 * plan.quality)
        socialDefaulted = (0..<min(socialObserved, 50)).reduce(0) { count, _ in count + (random.chance(defaultChance) ? 1 : 0) }
    }

    private mutating func decideDefault(_ random: inout RandomSource, effects: Double) {
        let factors = -RiskModel.ageWeight * plan.age
            - RiskModel.qualityWeight * plan.quality
            - RiskModel.ownFactorWeight * (plan.ownFactors.0 + plan.ownFactors.1 + plan.ownFactors.2)
            - RiskModel.stabilityWeight * plan.stability
            + RiskModel.behaviourWeight * plan.behaviour
        riskLogOdds = RiskModel.intercept + effects + factors
        target = random.chance(logistic(riskLogOdds))
    }
}
