// Regex-driven generation: the input is a regular expression. One that `RegexStringGenerator` accepts generates a
// few strings from fixed seeds; generation must end quickly (repetitions are bounded) and produce bounded output.

import Foundation
import PactumCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let pattern = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    guard let generator = try? RegexStringGenerator(pattern: pattern) else { return 0 }
    for seed in UInt64(1)...3 {
        var random = SeededRandomNumberGenerator(seed: seed)
        let value = generator.generate(using: &random)
        if value.unicodeScalars.count > 1_000_000 {
            fatalError("the pattern '\(pattern)' generated \(value.unicodeScalars.count) characters")
        }
    }
    return 0
}
