import Foundation
import Tables

/// A saved model: what the shell writes after training and reads back to score, months
/// later, on another table. One JSON document, versioned, so that a file says what it holds
/// and an older tool refuses a newer file instead of misreading it.
///
/// The JSON is pretty-printed with sorted keys and shortest round-trip numbers, so the same
/// model always gives the same bytes (files can be diffed, hashed and kept in git).
///
///     let file = ModelFile(gbdt: model, training: TrainingFingerprint(...), threshold: 0.2)
///     try file.save(to: "pd-model.json")
///     let loaded = try ModelFile.load(from: "pd-model.json")
///     let problems = loaded.checkColumns(of: applicationTest)   // [] when it can be scored
public struct ModelFile: Sendable, Codable {
    /// The layout this build writes; it reads this one and every older one.
    public static let currentFormatVersion = 1
    public static let toolName = "credit-explorer"

    public let formatVersion: Int
    /// The program that wrote the file.
    public let tool: String
    public var model: ModelPayload
    /// The inputs in model order, with the table column each comes from (and its levels).
    public var features: [FeatureInfo]
    /// The probability at or above which an application is flagged, when one was chosen.
    public var threshold: Double?
    /// What each kind of error costs, when the threshold was chosen from costs.
    public var costs: DecisionCosts?
    /// How the threshold was chosen, including the calibration then in force (see
    /// ``ThresholdBasis``); absent from files written before it was kept.
    public var thresholdBasis: ThresholdBasis?
    /// Maps the model's output to calibrated probabilities, when a calibrator was fitted.
    public var calibration: Calibrator?
    /// What the model was trained on and how well it did.
    public var training: TrainingFingerprint
    /// How table columns become the model's inputs (one-hot, codes), when the file was made
    /// from a table; scoring a table goes through it.
    public var encoding: FeatureEncoding?

    public init(
        model: ModelPayload, features: [FeatureInfo], training: TrainingFingerprint,
        threshold: Double? = nil, costs: DecisionCosts? = nil, calibration: Calibrator? = nil
    ) {
        formatVersion = Self.currentFormatVersion
        tool = Self.toolName
        self.model = model
        self.features = features
        self.threshold = threshold
        self.costs = costs
        self.calibration = calibration
        self.training = training
    }

    /// A file for a boosted tree model; the features are the model's.
    /// (Other kinds use `init(model:features:training:…)`.)
    public init(
        gbdt: GBDTModel, training: TrainingFingerprint,
        threshold: Double? = nil, costs: DecisionCosts? = nil, calibration: Calibrator? = nil
    ) {
        self.init(
            model: .gbdt(gbdt), features: gbdt.features, training: training,
            threshold: threshold, costs: costs, calibration: calibration)
    }

    /// The boosted tree model, if that is what the file holds.
    public var gbdt: GBDTModel? {
        if case .gbdt(let model) = model { return model }
        return nil
    }

    /// The file's bytes: the same model always gives the same bytes.
    public func encoded() throws(ModelFileError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Bin bounds end at +∞, which plain JSON cannot hold.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return Array(try encoder.encode(self)) + [UInt8(ascii: "\n")]
        } catch {
            throw .invalid("cannot be written: \(error)")
        }
    }

    /// Reads a file's bytes: checks the version first, so that a newer file is reported as
    /// newer (not as damaged), then decodes and validates the content.
    public static func decode(_ bytes: [UInt8], path: String = "<bytes>") throws(ModelFileError) -> ModelFile {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")
        let data = Data(bytes)
        let header: Header
        do {
            header = try decoder.decode(Header.self, from: data)
        } catch DecodingError.dataCorrupted {
            throw .corrupted(path: path, reason: "not valid JSON (truncated or damaged)")
        } catch {
            throw .corrupted(path: path, reason: "no formatVersion: not a \(toolName) model file")
        }
        guard header.formatVersion <= currentFormatVersion else {
            throw .newerVersion(path: path, file: header.formatVersion, supported: currentFormatVersion, tool: header.tool)
        }
        guard header.formatVersion >= 1 else {
            throw .corrupted(path: path, reason: "formatVersion \(header.formatVersion) is not a version")
        }
        if let kind = header.model?.kind, !ModelPayload.knownKinds.contains(kind) {
            throw .unknownModelKind(path: path, kind: kind)
        }
        let file: ModelFile
        do {
            file = try decoder.decode(ModelFile.self, from: data)
        } catch let error as DecodingError {
            throw .corrupted(path: path, reason: Self.describe(error))
        } catch {
            throw .corrupted(path: path, reason: "\(error)")
        }
        try file.validate(path: path)
        return file
    }

    /// Writes the file atomically: a temporary file in the same folder, flushed, then renamed
    /// over `path`, so a crash or a full disk leaves the old file or the new one, never half.
    public func save(to path: String) throws(ModelFileError) {
        let bytes = try encoded()
        do {
            try AtomicFile.write(bytes, to: path)
        } catch {
            throw .io(path: path, reason: "\(error)")
        }
    }

    /// Reads one of our model files, or a LightGBM text model (trained in Python, or exported
    /// here), which then scores tables by feature name through the encoding the reader makes.
    public static func load(from path: String) throws(ModelFileError) -> ModelFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(path: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        guard data.starts(with: Array("tree\n".utf8)) || data.starts(with: Array("tree\r\n".utf8)) else {
            return try decode(Array(data), path: path)
        }
        let gbdt: GBDTModel
        do { gbdt = try GBDTModel(lightGBMText: String(decoding: data, as: UTF8.self)) } catch {
            throw .lightGBM(path: path, reason: "\(error)")
        }
        var file = ModelFile(gbdt: gbdt, training: TrainingFingerprint(dataFingerprint: "imported from \(path)", seed: 0, rowCount: 0, positiveCount: 0))
        file.encoding = gbdt.encoding
        return file
    }

    /// What every layout since version 1 has, read before the rest.
    private struct Header: Decodable {
        struct Kind: Decodable { let kind: String }
        let formatVersion: Int
        let tool: String?
        let model: Kind?
    }

    private func validate(path: String) throws(ModelFileError) {
        func fail(_ reason: String) throws(ModelFileError) { throw .corrupted(path: path, reason: reason) }
        if features.map(\.name) != model.featureNames {
            try fail("the feature list differs from the model's features")
        }
        if let threshold, !(0...1).contains(threshold) { try fail("threshold \(threshold) is not a probability") }
        if let reason = calibration?.problem { try fail("calibration: \(reason)") }
        if let encoding, encoding.features.map(\.name) != features.map(\.name) {
            try fail("the encoding's features differ from the model's")
        }
        if let reason = model.problem { try fail(reason) }
    }

    private static func describe(_ error: DecodingError) -> String {
        func at(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? "" : " at \(path)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing '\(key.stringValue)'" + at(context)
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return context.debugDescription + at(context)
        @unknown default: return "\(error)"
        }
    }
}
