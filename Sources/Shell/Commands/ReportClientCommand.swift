extension Command {
    static let reportClient = Command(
        name: "report client", summary: "the client's own report, for a non-specialist: what the lender holds, the decision and its principal reasons, what would change it, how the client compares, and how the report was made (.md, or .html: one self-contained page)",
        arguments: [
            Argument("target", .client, "the client's SK_ID_CURR"),
            Argument("file", .path, "where to write it: FILE.md (Markdown) or FILE.html"),
        ],
        options: [.language],
        examples: ["report client 100004 client-100004.md", "report client 100004 client-100004-fr.html lang=fr"], needs: .model
    ) { invocation, context in try context.session.clientReport(invocation) }
}
