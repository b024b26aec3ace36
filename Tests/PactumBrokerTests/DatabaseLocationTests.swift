import Testing

@testable import PactumBroker

@Suite struct DatabaseLocationTests {
    @Test func parsesSQLiteAndPostgresURLs() throws {
        #expect(try DatabaseLocation(parsing: "sqlite:///tmp/b.sqlite") == .sqlite(path: "/tmp/b.sqlite"))
        #expect(try DatabaseLocation(parsing: "sqlite://data/b.sqlite") == .sqlite(path: "data/b.sqlite"))
        #expect(try DatabaseLocation(parsing: "sqlite::memory:") == .sqliteInMemory)
        #expect(
            try DatabaseLocation(parsing: "postgres://u:p@127.0.0.1:5432/pactum")
                == .postgres(url: "postgres://u:p@127.0.0.1:5432/pactum")
        )
        #expect(DatabaseLocation.defaultLocation(in: "/srv") == .sqlite(path: "/srv/.pactum/broker.sqlite"))
    }

    @Test func hidesThePasswordWhenPrinted() throws {
        let location = try DatabaseLocation(parsing: "postgres://pactum:s3cret@db.internal/pactum")
        #expect(!location.description.contains("s3cret"))
        let error = #expect(throws: DatabaseLocationError.self) {
            try DatabaseLocation(parsing: "mysql://u:s3cret@h/db")
        }
        #expect(error?.description.contains("s3cret") == false)
        #expect(error?.description.contains("sqlite:///") == true)
    }
}
