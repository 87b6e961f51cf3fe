#if canImport(Glibc)
import Glibc
#endif

/// Who runs remediate: recorded in every audit record.
struct Actor {
    let user: String
    let uid: uid_t
    let host: String

    static func current() -> Actor {
        let uid = geteuid()
        var user = getpwuid(uid).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? String(uid)
        if let sudoUser = getenv("SUDO_USER") { user += " (sudo by \(String(cString: sudoUser)))" }
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        return Actor(user: user, uid: uid, host: String(cString: name))
    }
}
