/// Pactum itself.
public enum Pactum {
    /// Pactum's version: written into contract metadata (`metadata.pactum.version`), sent as the broker client's
    /// `User-Agent` and verification results' `verifiedBy.version`, and printed by `pactum --version`.
    public static let version = "0.1.0"
}
