import Tables

/// Scoring a table with a saved model: columns checked, encoded, scored, calibrated.
extension ModelFile {
    /// Calibrated default probabilities for every row of `table`, after checking that it has
    /// the model's columns with the right types.
    public func probabilities(for table: Table) throws(ModelError) -> [Double] {
        let problems = checkColumns(of: table)
        guard problems.isEmpty else {
            throw ModelError(ColumnProblem.summary(problems))
        }
        guard let encoding else { throw ModelError("the model has no column encoding (imported from LightGBM?): score a table with the model's feature columns") }
        let matrix: FeatureMatrix
        do { matrix = try encoding.matrix(from: table) } catch { throw ModelError(error.description) }
        let raw = try model.probabilities(matrix)
        return calibration.map { $0.apply(raw) } ?? raw
    }
}
