import Vapor
import Metrics
import Prometheus
import NIOConcurrencyHelpers

/// Prometheus metrics at `/metrics`. The metrics system is process-wide and can be
/// bootstrapped once, so every application of the process (tests start many) shares it.
enum PlatformMetrics {
    private static let state = NIOLockedValueBox<PrometheusCollectorRegistry?>(nil)

    static var registry: PrometheusCollectorRegistry {
        state.withLockedValue { current in
            if let current { return current }
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            current = registry
            return registry
        }
    }

    static func render() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}

/// Counts requests and their durations by route pattern (never by raw path, which would
/// hold ids and grow without bound).
struct RequestMetricsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let response = try await next.respond(to: request)
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        let dimensions = [("method", request.method.rawValue), ("route", route), ("status", "\(response.status.code / 100)xx")]
        Counter(label: "entraide_http_requests_total", dimensions: dimensions).increment()
        Metrics.Timer(label: "entraide_http_request_duration_seconds", dimensions: [("route", route)])
            .recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start))
        return response
    }
}

struct MetricsRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("metrics") { _ -> Response in
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
            return Response(status: .ok, headers: headers, body: .init(string: PlatformMetrics.render()))
        }
    }
}
