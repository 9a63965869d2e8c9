import Foundation
import HomeCredit
import Testing
@testable import Shell

/// The client's HTML report in a real browser: headless Chromium (Debian's `chromium`, which
/// scripts/setup installs) lays the page out at a phone's and a desktop's width; a wrapper page
/// measures, inside an iframe of that width, that nothing sticks out beyond the page (tables
/// may scroll inside their own box), and a screenshot is taken at each width.
@Suite(.serialized) struct ReportRenderingTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(arguments: ["en", "fr"])
    func theReportRendersWithoutOverflowAtPhoneAndDesktopWidths(language: String) throws {
        guard let chromium = Self.chromium else {
            // CI installs it (scripts/setup); a developer's machine without it skips the check.
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("chromium is not installed: scripts/setup installs it") }
            return
        }
        let s = Session(catalog: ModelCommandTests.catalog, dataDirectory: "datasets/default")
        _ = try s.run("fit gbdt trees=15 leaves=7 seed=1")
        _ = try s.run("cv folds=3")
        _ = try s.run("threshold cost fn=10 fp=1")
        let folder = NSTemporaryDirectory() + "cx-render-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try s.run("report client 100002 '\(folder)/report.html' lang=\(language)")
        let page = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        #expect(page.contains("<svg") && !page.contains("<script"))
        for width in [375, 1280] {
            let wrapper = folder + "/measure-\(width).html"
            try Self.measuringPage(width: width).write(toFile: wrapper, atomically: true, encoding: .utf8)
            let dom = try Self.run(chromium, ["--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom", "file://" + wrapper], folder)
            let measured = try #require(dom.components(separatedBy: "MEASURED ").dropFirst().first?.components(separatedBy: " END").first, "no measure in: \(dom.suffix(300))")
            let fields = Dictionary(uniqueKeysWithValues: measured.split(separator: " ").compactMap { pair -> (String, String)? in
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return kv.count == 2 ? (String(kv[0]), String(kv[1])) : nil
            })
            let scrollWidth = Int(fields["scrollWidth"] ?? "") ?? .max, clientWidth = Int(fields["clientWidth"] ?? "") ?? 0
            #expect(clientWidth > 0 && scrollWidth <= clientWidth, "\(language) at \(width) px: page \(scrollWidth) px wide in \(clientWidth)")
            #expect(fields["overflow"] == "", "\(language) at \(width) px: elements beyond the page: \(fields["overflow"] ?? "?")")
            #expect(Int(fields["svgs"] ?? "") == 2, "\(language) at \(width) px: \(measured)")
            let png = folder + "/report-\(width).png"
            _ = try Self.run(chromium, ["--hide-scrollbars", "--window-size=\(width),2000", "--screenshot=\(png)", "file://\(folder)/report.html"], folder)
            let image = try Data(contentsOf: URL(fileURLWithPath: png))
            #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]) && image.count > 10_000, "\(language) at \(width) px: screenshot of \(image.count) bytes")
        }
    }

    /// A page that loads the report in an iframe `width` pixels wide and writes what it measured.
    static func measuringPage(width: Int) -> String {
        """
        <!doctype html><html><body style="margin:0">
        <iframe id="f" src="report.html" style="width:\(width)px;height:900px;border:0"></iframe>
        <pre id="out">pending</pre>
        <script>
        document.getElementById('f').onload = function () {
          var d = this.contentDocument, limit = d.documentElement.clientWidth + 1, wide = [];
          d.querySelectorAll('body *').forEach(function (e) {
            if (e.getBoundingClientRect().right <= limit) return;
            for (var p = e.parentElement; p && p !== d.body; p = p.parentElement) {
              var o = getComputedStyle(p).overflowX;
              if (o === 'auto' || o === 'scroll' || o === 'hidden') return;
            }
            wide.push(e.tagName);
          });
          document.getElementById('out').textContent = 'MEASURED scrollWidth=' + d.documentElement.scrollWidth + ' clientWidth=' + d.documentElement.clientWidth
            + ' svgs=' + d.querySelectorAll('svg').length + ' overflow=' + wide.slice(0, 5).join(',') + ' END';
        };
        </script></body></html>
        """
    }

    /// Runs headless Chromium with its own profile in `folder`; its standard output.
    static func run(_ chromium: String, _ arguments: [String], _ folder: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(folder)/profile"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
