import Models
import Tables

/// The current model, as in Stata: `fit` makes it, and the commands that follow (`cv`,
/// `report`, `calibrate`, `threshold`, `score`, `save model`) work on it.
struct ModelState {
    var spec: ModelSpec
    /// The table it was fitted on (a loaded table or a saved result).
    var source: String
    var file: ModelFile
    /// The training data, encoded, kept so that `cv` and `report` need not encode it again.
    var matrix: FeatureMatrix
    var labels: [Bool]
    /// The training rows' sample weights (`fit … weight COLUMN`), for `cv` to refit with.
    var weights: [Double]? = nil
    /// Predictions of the model on its own training rows (optimistic).
    var inSample: [Double]
    /// Out-of-fold predictions, once `cv` has run: what `report`, `calibrate` and
    /// `threshold` prefer, since they are honest.
    var crossValidation: CrossValidation?
    var threshold: ThresholdAnalysis?

    /// Forgets the threshold in memory and in the model file together.
    mutating func clearThreshold() {
        threshold = nil
        file.clearThreshold()
    }

    /// Out-of-fold predictions (calibrated when a calibrator was fitted on them), else
    /// in-sample ones, with a word saying which.
    var evaluated: (probabilities: [Double], kind: String) {
        if let cv = crossValidation {
            let p = file.calibration.map { $0.apply(cv.outOfFold) } ?? cv.outOfFold
            return (p, file.calibration == nil ? "out-of-fold (\(cv.folds.k)-fold CV)" : "out-of-fold, calibrated")
        }
        return (file.calibration.map { $0.apply(inSample) } ?? inSample, "in-sample (optimistic: run `cv`)")
    }
}
