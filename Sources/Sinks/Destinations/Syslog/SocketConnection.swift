#if canImport(Glibc)
import Glibc
#endif

/// A connected TCP or UDP socket to `host:port` (IPv4 or IPv6, resolved with getaddrinfo).
final class SocketConnection {
    let fd: Int32

    init(host: String, port: UInt16, datagram: Bool) throws(DeliveryError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(datagram ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw DeliveryError("\(host):\(port): cannot resolve: \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var reason = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            candidate = address.pointee.ai_next
            let fd = socket(address.pointee.ai_family, address.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), address.pointee.ai_protocol)
            guard fd >= 0 else { reason = String(cString: strerror(errno)); continue }
            if connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 {
                self.fd = fd
                return
            }
            reason = String(cString: strerror(errno))
            close(fd)
        }
        throw DeliveryError("\(host):\(port): cannot connect: \(reason)")
    }

    deinit { close(fd) }

    /// Sends all of `bytes` (a stream socket) or one datagram.
    func send(_ bytes: UnsafeRawBufferPointer) throws(DeliveryError) {
        var offset = 0
        repeat {
            let n = Glibc.send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if n < 0 {
                if errno == EINTR { continue }
                throw DeliveryError("send failed: \(String(cString: strerror(errno)))")
            }
            offset += n
        } while offset < bytes.count
    }

    /// Whether the peer of a stream socket has closed or reset the connection.
    var peerClosed: Bool {
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }
}
