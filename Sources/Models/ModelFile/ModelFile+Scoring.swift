import Tables

/// Scoring a table with a saved model: columns checked, encoded, scored, calibrated.
extension ModelFile {
    /// Calibrated default probabilities for every row of `table`, after checking that it has
    /// the model's columns with the right types.
    public func probabilities(for table: Table) throws(ModelError) -> [Double] {
        let raw = try model.probabilities(try features(of: table))
        return calibration.map { $0.apply(raw) } ?? raw
    }

    /// The model's inputs for every row of `table` (checked, then encoded as in training).
    public func features(of table: Table) throws(ModelError) -> FeatureMatrix {
        let problems = checkColumns(of: table)
        guard problems.isEmpty else {
            throw ModelError(ColumnProblem.summary(problems))
        }
        // A model trained elsewhere reads each feature from the column of its name.
        guard let encoding = encoding ?? gbdt.map({ FeatureEncoding(imported: $0.features, labelled: $0.encoding != nil) }) else {
            throw ModelError("the model has no column encoding: score a table with the model's feature columns")
        }
        do { return try encoding.matrix(from: table) } catch { throw ModelError(error.description) }
    }
}
