/// What a bi-directional pair (a consumer pact and a provider version's contract) means for can-i-deploy: compatible
/// when the provider's self-verification succeeded and the comparison found no errors (warnings do not fail);
/// unknown while the comparison has not run or the provider published no self-verification results. Pure.
struct CrossContractVerdict: Sendable, Hashable {
    /// nil: unknown.
    var success: Bool?
    /// `success`, `failed` (with the reason), or `unknown`.
    var status: String

    init(selfVerification: Bool?, comparison: ContractComparisonRecord?) {
        guard let comparison, comparison.done, let compatible = comparison.success else {
            success = nil
            status = "unknown: the consumer contract has not been compared with the provider contract yet"
            return
        }
        guard let selfVerification else {
            success = nil
            status = "unknown: the provider published no self-verification results for its contract"
            return
        }
        if !selfVerification {
            success = false
            status = "failed: the provider's self-verification of its contract failed"
        } else if !compatible {
            success = false
            status = "failed: the consumer contract is not compatible with the provider contract"
        } else {
            success = true
            status = "success"
        }
    }
}
