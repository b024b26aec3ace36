extension BrokerMigrations {
    /// Migration 6: indexes the query plans asked for at the benchmark's full scale (issue #16).
    static func schemaV6(_ engine: BrokerDatabase.Engine) -> [String] {
        [
            // The newest consumer version of an integration with a content (the matrix without a destination: which
            // consumer version a provider version verified), one backward probe instead of every publication of the
            // content and a sort. With provider and consumer in the index: PostgreSQL did not trust a filter on them.
            """
            CREATE INDEX pact_publications_content_consumer_version
            ON pact_publications (pact_content_id, provider_id, consumer_id, consumer_version_id)
            """,
            // The newest verifications of a content by its provider (the UI's dashboard and matrix pages), read
            // newest first from the index instead of every result of the content and a sort.
            "CREATE INDEX verifications_content_provider_id ON verifications (pact_content_id, provider_id, id)",
        ]
    }
}
