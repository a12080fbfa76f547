import Vapor

struct HomePage: RouteCollection {
    struct Context: Encodable {
        let page: PageContext
        let deleted: Bool
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get { req async throws -> View in
            try await req.view.render("home", Context(page: PageContext(req, titleKey: "page.home.title"), deleted: req.query[String.self, at: "deleted"] != nil))
        }
    }
}
