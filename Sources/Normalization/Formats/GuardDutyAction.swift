import FindingsCore

/// GuardDuty `service.action` as ASFF `Action` and `Network`.
enum GuardDutyAction {
    /// ASFF `Network` for connection and port-probe findings: for inbound traffic the remote
    /// side is the source, for outbound the destination.
    static func network(_ action: JSONNode) -> JSONObject? {
        var network = JSONObject()
        if let connection = action.field("networkConnectionAction") {
            let inbound = connection.fieldText("connectionDirection") == "INBOUND"
            let outbound = connection.fieldText("connectionDirection") == "OUTBOUND"
            if inbound { network["Direction"] = .string("IN") } else if outbound { network["Direction"] = .string("OUT") }
            network.setText("Protocol", connection.fieldText("protocol"))
            let remoteIp = connection.field("remoteIpDetails")?.fieldText("ipAddressV4")
            let localIp = connection.field("localIpDetails")?.fieldText("ipAddressV4")
            let remotePort = connection.field("remotePortDetails")?.field("port")?.lenientInt
            let localPort = connection.field("localPortDetails")?.field("port")?.lenientInt
            network.setText("SourceIpV4", inbound ? remoteIp : localIp)
            if let port = inbound ? remotePort : localPort { network["SourcePort"] = .int(port) }
            network.setText("DestinationIpV4", inbound ? localIp : remoteIp)
            if let port = inbound ? localPort : remotePort { network["DestinationPort"] = .int(port) }
        } else if let probe = action.field("portProbeAction"), let first = probe.list("portProbeDetails").first {
            network["Direction"] = .string("IN")
            network.setText("SourceIpV4", first.field("remoteIpDetails")?.fieldText("ipAddressV4"))
            network.setText("DestinationIpV4", first.field("localIpDetails")?.fieldText("ipAddressV4"))
            if let port = first.field("localPortDetails")?.field("port")?.lenientInt { network["DestinationPort"] = .int(port) }
        } else if let dns = action.field("dnsRequestAction") {
            network["Direction"] = .string("OUT")
            network.setText("Protocol", dns.fieldText("protocol"))
            network.setText("DestinationDomain", dns.fieldText("domain"))
        }
        return network.isEmpty ? nil : network
    }

    /// ASFF `Action` with the sub-structure of the action type.
    static func action(_ action: JSONNode) -> JSONObject? {
        guard let type = action.fieldText("actionType") else { return nil }
        var result: JSONObject = ["ActionType": .string(type)]
        switch type {
        case "NETWORK_CONNECTION":
            guard let connection = action.field("networkConnectionAction") else { break }
            var mapped = JSONObject()
            mapped.setText("ConnectionDirection", connection.fieldText("connectionDirection"))
            mapped.setNonEmpty("RemoteIpDetails", remoteIp(connection.field("remoteIpDetails")))
            mapped.setNonEmpty("RemotePortDetails", port(connection.field("remotePortDetails")))
            mapped.setNonEmpty("LocalPortDetails", port(connection.field("localPortDetails")))
            mapped.setText("Protocol", connection.fieldText("protocol"))
            if let blocked = connection.field("blocked")?.boolValue { mapped["Blocked"] = .bool(blocked) }
            result.setNonEmpty("NetworkConnectionAction", mapped)
        case "AWS_API_CALL":
            guard let call = action.field("awsApiCallAction") else { break }
            var mapped = JSONObject()
            mapped.setText("Api", call.fieldText("api"))
            mapped.setText("ServiceName", call.fieldText("serviceName"))
            mapped.setText("CallerType", call.fieldText("callerType"))
            mapped.setNonEmpty("RemoteIpDetails", remoteIp(call.field("remoteIpDetails")))
            if let domain = call.field("domainDetails")?.fieldText("domain") { mapped["DomainDetails"] = .object(["Domain": .string(domain)]) }
            var affected = JSONObject()
            if let resources = call.field("affectedResources"), resources.kind == .object {
                for (key, value) in resources.members {
                    if let name = key.stringValue?.nonBlank, let text = value.scalarText?.nonBlank { affected[name] = .string(text) }
                }
            }
            mapped.setNonEmpty("AffectedResources", affected)
            result.setNonEmpty("AwsApiCallAction", mapped)
        case "DNS_REQUEST":
            guard let dns = action.field("dnsRequestAction") else { break }
            var mapped = JSONObject()
            mapped.setText("Domain", dns.fieldText("domain"))
            mapped.setText("Protocol", dns.fieldText("protocol"))
            if let blocked = dns.field("blocked")?.boolValue { mapped["Blocked"] = .bool(blocked) }
            result.setNonEmpty("DnsRequestAction", mapped)
        case "PORT_PROBE":
            guard let probe = action.field("portProbeAction") else { break }
            var mapped = JSONObject()
            let details: [JSONValue] = probe.list("portProbeDetails").map { detail in
                var item = JSONObject()
                item.setNonEmpty("LocalPortDetails", port(detail.field("localPortDetails")))
                if let ip = detail.field("localIpDetails")?.fieldText("ipAddressV4") { item["LocalIpDetails"] = .object(["IpAddressV4": .string(ip)]) }
                item.setNonEmpty("RemoteIpDetails", remoteIp(detail.field("remoteIpDetails")))
                return .object(item)
            }
            if !details.isEmpty { mapped["PortProbeDetails"] = .array(details) }
            if let blocked = probe.field("blocked")?.boolValue { mapped["Blocked"] = .bool(blocked) }
            result.setNonEmpty("PortProbeAction", mapped)
        default:
            // Kubernetes API calls, RDS logins and runtime events have no ASFF action structure.
            return nil
        }
        return result
    }

    private static func port(_ node: JSONNode?) -> JSONObject {
        var port = JSONObject()
        guard let node else { return port }
        if let number = node.field("port")?.lenientInt { port["Port"] = .int(number) }
        port.setText("PortName", node.fieldText("portName"))
        return port
    }

    private static func remoteIp(_ node: JSONNode?) -> JSONObject {
        var details = JSONObject()
        guard let node else { return details }
        details.setText("IpAddressV4", node.fieldText("ipAddressV4"))
        if let organization = node.field("organization") {
            var org = JSONObject()
            if let asn = organization.field("asn")?.lenientInt { org["Asn"] = .int(asn) }
            org.setText("AsnOrg", organization.fieldText("asnOrg"))
            org.setText("Isp", organization.fieldText("isp"))
            org.setText("Org", organization.fieldText("org"))
            details.setNonEmpty("Organization", org)
        }
        if let country = node.field("country") {
            var mapped = JSONObject()
            mapped.setText("CountryCode", country.fieldText("countryCode"))
            mapped.setText("CountryName", country.fieldText("countryName"))
            details.setNonEmpty("Country", mapped)
        }
        if let city = node.field("city")?.fieldText("cityName") { details["City"] = .object(["CityName": .string(city)]) }
        if let geo = node.field("geoLocation") {
            var mapped = JSONObject()
            if let lon = geo.field("lon")?.lenientDouble { mapped["Lon"] = .double(lon) }
            if let lat = geo.field("lat")?.lenientDouble { mapped["Lat"] = .double(lat) }
            details.setNonEmpty("GeoLocation", mapped)
        }
        return details
    }
}
