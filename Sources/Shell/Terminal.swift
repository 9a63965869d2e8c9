#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation
import Plots
import Tables

/// What the shell asks of the terminal: is it one, how big is it, and Ctrl-C.
public enum Terminal {
    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Adopts the user's character locale (`LC_CTYPE` from `LC_ALL`/`LC_CTYPE`/`LANG`) and says
    /// whether it encodes UTF-8.
    ///
    /// libedit decodes the prompt and every typed key with the C library's multibyte
    /// functions: left in the default "C" locale it drops typed non-ASCII text and crashes on a
    /// prompt holding `·`. Only the character class is adopted: number formatting and parsing
    /// (`LC_NUMERIC`, used by `strtod`) stay "C", so a French locale never reads `0,5`.
    @discardableResult
    public static func adoptCharacterLocale() -> Bool {
        setlocale(LC_CTYPE, "")
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }

    /// The window's size from `ioctl(TIOCGWINSZ)`, else `$COLUMNS`/`$LINES`, else 80 × 24.
    public static func size(of fd: Int32 = STDOUT_FILENO) -> TerminalSize {
        var window = winsize()
        let answered = ioctl(fd, UInt(TIOCGWINSZ), &window) == 0
        return TerminalSize.resolve(terminal: answered ? (Int(window.ws_col), Int(window.ws_row)) : nil,
                                    environment: ProcessInfo.processInfo.environment)
    }

    /// Makes Ctrl-C ask the running statement to stop (`Cancellation`) instead of ending the
    /// process. Installed without `SA_RESTART`, so a pending `readline` returns (EINTR) and
    /// the prompt can start afresh. A second Ctrl-C before the first was honoured ends the
    /// process, for the rare loop that never polls.
    public static func catchInterrupts() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            if Cancellation.request() {
                let message = "\ninterrupted twice: quitting\n"
                _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
                _exit(130)
            }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }
}
