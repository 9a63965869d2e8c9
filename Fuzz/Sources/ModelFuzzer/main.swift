import Explain
import Models

/// Feeds arbitrary bytes to both model readers. The first byte's low bit picks the format
/// (0: the tool's JSON model file, 1: LightGBM's text format); the rest is the file. Every
/// input must either load or be refused with the reader's error. A model that loads must
/// score and explain a few awkward rows (missing, zero, negative, huge, category codes) to
/// probabilities in [0, 1], with contributions that add up to the output, and must survive
/// being written and read back with the same scores: a file that loads is a file that works.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    if data[0] & 1 == 0 {
        guard let file = try? ModelFile.decode(bytes) else { return 0 }
        let names = file.features.map(\.name)
        let scores = check(file.model, names: names)
        let again: ModelFile
        do { again = try ModelFile.decode(try file.encoded()) } catch { preconditionFailure("a loaded model file cannot be read back: \(error)") }
        precondition(sameScores(check(again.model, names: names), scores), "writing and reading the model file changed its scores")
    } else {
        guard let model = try? GBDTModel(lightGBMText: String(decoding: bytes, as: UTF8.self)) else { return 0 }
        let names = model.features.map(\.name)
        let scores = check(.gbdt(model), names: names)
        let again: GBDTModel
        do { again = try GBDTModel(lightGBMText: model.lightGBMText()) } catch { preconditionFailure("an exported LightGBM model cannot be read back: \(error)") }
        // The export replaces characters LightGBM forbids in names, so the copy has its own names.
        precondition(sameScores(check(.gbdt(again), names: again.features.map(\.name)), scores), "exporting to LightGBM's format changed the scores")
    }
    return 0
}

/// Values that walk every side of a split: missing, zero, signs, category codes, extremes.
let probes: [Double] = [.nan, 0, 1, -1, 2, 0.5, 31, 32, 1e300, -1e300, 7, 1e-300]

/// Scores and explains one row per probe (every feature set to it), plus a row mixing them;
/// returns the probabilities.
func check(_ model: ModelPayload, names: [String]) -> [Double] {
    var rows = probes.map { value in [Double](repeating: value, count: names.count) }
    rows.append(names.indices.map { probes[$0 % probes.count] })
    let columns = names.indices.map { f in rows.map { $0[f] } }
    let matrix = FeatureMatrix(columns: columns, names: names)
    let probabilities: [Double]
    do { probabilities = try model.probabilities(matrix) } catch { preconditionFailure("a model that loaded cannot score its own features: \(error)") }
    for p in probabilities { precondition(p >= 0 && p <= 1, "probability \(p) outside [0, 1]") }
    let explainer = Explainer(model)
    for row in rows {
        let explanation = explainer.explain(row: row)
        precondition(explanation.output.isFinite || explanation.output.isInfinite, "the explained output is not a number")
        if explanation.output.isFinite && explanation.base.isFinite {
            let scale = max(1, abs(explanation.output), explanation.contributions.reduce(0) { $0 + abs($1.value) })
            precondition(explanation.additivityError <= 1e-6 * scale, "contributions do not add up to the output")
        }
    }
    return probabilities
}

func sameScores(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
}
