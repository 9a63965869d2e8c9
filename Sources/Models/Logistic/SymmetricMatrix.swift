/// A small dense symmetric positive-definite matrix (a Hessian), row-major, with the
/// Cholesky factorisation that Newton steps and standard errors need.
struct SymmetricMatrix: Sendable {
    let size: Int
    var values: [Double]

    init(size: Int) {
        self.size = size
        values = [Double](repeating: 0, count: size * size)
    }

    subscript(i: Int, j: Int) -> Double {
        get { values[i * size + j] }
        set { values[i * size + j] = newValue }
    }

    /// The lower factor L with L·Lᵀ = self, or `nil` when the matrix is not (numerically)
    /// positive definite.
    func cholesky() -> [Double]? {
        let n = size
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var d = self[j, j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            guard d > 1e-12 * max(1, abs(self[j, j])) else { return nil }
            let root = d.squareRoot()
            l[j * n + j] = root
            for i in (j + 1)..<n {
                var s = self[i, j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / root
            }
        }
        return l
    }

    /// Solves (L·Lᵀ)·x = b by forward then backward substitution.
    static func solve(factor l: [Double], size n: Int, _ b: [Double]) -> [Double] {
        var y = b
        for i in 0..<n {
            var s = y[i]
            for k in 0..<i { s -= l[i * n + k] * y[k] }
            y[i] = s / l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<n { s -= l[k * n + i] * y[k] }
            y[i] = s / l[i * n + i]
        }
        return y
    }

    /// The inverse, column by column from the factor.
    static func inverse(factor l: [Double], size n: Int) -> SymmetricMatrix {
        var out = SymmetricMatrix(size: n)
        for j in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[j] = 1
            let column = solve(factor: l, size: n, e)
            for i in 0..<n { out[i, j] = column[i] }
        }
        return out
    }
}
