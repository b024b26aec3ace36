/// A unit of a date/time expression adjustment.
enum DateTimeExpressionUnit: Sendable, Hashable {
    case year, month, week, day, hour, minute, second, millisecond
}

/// Where the date part of an expression starts.
enum DateTimeExpressionDateBase: Sendable, Hashable {
    case now, today, yesterday, tomorrow
}

/// Where the time part of an expression (after `@`) starts.
enum DateTimeExpressionTimeBase: Sendable, Hashable {
    case now, midnight, noon
    /// An explicit time of day (`10 pm`, `8:30 am`, `14:30`, `1 o'clock am`).
    case clock(hour: Int, minute: Int, second: Int)
    /// `2 o'clock` without am/pm: the first of 2:00 and 14:00 after the base time on the same day (else 2:00).
    case oClock(hour: Int)
}

/// One adjustment of an expression.
enum DateTimeExpressionStep: Sendable, Hashable {
    /// `+ 2 weeks`, `- 1 month`, `next hour`, `last year` (amount is signed).
    case add(DateTimeExpressionUnit, amount: Int)
    /// `next monday` (forward) or `last monday`: the nearest such day strictly after/before, same time of day.
    case weekday(Int, forward: Bool)
    /// `next june` or `last june`: the 1st of the nearest such month strictly after/before the current month.
    case month(Int, forward: Bool)
}

/// The parsed form of a date/time expression.
struct ParsedDateTimeExpression: Sendable, Hashable {
    var dateBase: DateTimeExpressionDateBase = .now
    var dateSteps: [DateTimeExpressionStep] = []
    var timeBase: DateTimeExpressionTimeBase = .now
    var timeSteps: [DateTimeExpressionStep] = []
}

/// Splits an expression into words, numbers, clock times and symbols, and parses them.
struct DateTimeExpressionParser {
    enum Kind: Equatable {
        case word(String)
        case number(Int)
        case clock(hour: Int, minute: Int, second: Int)
        case plus, minus, at
    }

    struct Token {
        let kind: Kind
        let text: String
        /// 1-based character position in the expression.
        let position: Int
    }

    static let maximumAmount = 1_000_000_000
    static let unitList =
        "year(s), month(s), week(s), fortnight(s), day(s), hour(s), minute(s), second(s) "
        + "or millisecond(s)"

    let expression: String
    private var tokens: [Token] = []
    private var index = 0

    init(expression: String) {
        self.expression = expression
    }

    mutating func parse() throws(DateTimeFormatError) -> ParsedDateTimeExpression {
        tokens = try tokenize()
        var result = ParsedDateTimeExpression()
        let atIndex = tokens.firstIndex { $0.kind == .at }
        let dateEnd = atIndex ?? tokens.count
        if dateEnd > 0 {
            if case let .word(word) = tokens[0].kind, let base = Self.dateBase(word) {
                result.dateBase = base
                index = 1
            }
            result.dateSteps = try steps(
                until: dateEnd,
                partStart: 0,
                startMessage: "one of now, today, yesterday, tomorrow, +, -, next or last",
                continueMessage: "+, -, next, last or @"
            )
        }
        guard let atIndex else { return result }
        index = atIndex + 1
        if let second = tokens[index...].first(where: { $0.kind == .at }) {
            throw error(at: second, "only one '@' may separate the date part from the time part")
        }
        if index < tokens.count, let base = try timeBase() {
            result.timeBase = base
        }
        result.timeSteps = try steps(
            until: tokens.count,
            partStart: atIndex + 1,
            startMessage: "one of now, midnight, noon, a clock time (2 o'clock, 10 pm, 8:30 am), +, -, next or last "
                + "after '@'",
            continueMessage: "+, -, next or last"
        )
        return result
    }

    // MARK: - Grammar

    private mutating func steps(
        until end: Int,
        partStart: Int,
        startMessage: String,
        continueMessage: String
    )
        throws(DateTimeFormatError) -> [DateTimeExpressionStep]
    {
        var steps: [DateTimeExpressionStep] = []
        while index < end {
            let token = tokens[index]
            let expected = index == partStart ? startMessage : continueMessage
            index += 1
            switch token.kind {
            case .plus, .minus:
                guard index < end, case let .number(amount) = tokens[index].kind else {
                    throw error(
                        at: index < end ? tokens[index] : nil,
                        "expected a number after '\(token.text)'"
                    )
                }
                index += 1
                guard index < end, case let .word(word) = tokens[index].kind, let unit = Self.unit(word) else {
                    throw error(at: index < end ? tokens[index] : nil, "expected a unit (\(Self.unitList))")
                }
                index += 1
                let signed = (token.kind == .plus ? 1 : -1) * amount * unit.multiplier
                steps.append(.add(unit.unit, amount: signed))
            case .word("next"), .word("last"):
                let forward = token.kind == .word("next")
                guard index < end, case let .word(word) = tokens[index].kind else {
                    throw error(
                        at: index < end ? tokens[index] : nil,
                        "expected a unit, day or month after '\(token.text)' (e.g. next week, "
                            + "next monday, last june)"
                    )
                }
                if let unit = Self.unit(word) {
                    steps.append(.add(unit.unit, amount: (forward ? 1 : -1) * unit.multiplier))
                } else if let weekday = Self.weekday(word) {
                    steps.append(.weekday(weekday, forward: forward))
                } else if let month = Self.month(word) {
                    steps.append(.month(month, forward: forward))
                } else {
                    throw error(
                        at: tokens[index],
                        "expected a unit, day or month after '\(token.text)' "
                            + "(e.g. next week, next monday, last june)"
                    )
                }
                index += 1
            default:
                throw error(at: token, "expected \(expected)")
            }
        }
        return steps
    }

    private mutating func timeBase() throws(DateTimeFormatError) -> DateTimeExpressionTimeBase? {
        let token = tokens[index]
        switch token.kind {
        case .word("now"):
            index += 1
            return .now
        case .word("midnight"):
            index += 1
            return .midnight
        case .word("noon"), .word("midday"):
            index += 1
            return .noon
        case let .number(hour):
            index += 1
            var oClock = false
            if index < tokens.count, case let .word(word) = tokens[index].kind, Self.isOClock(word) {
                oClock = true
                index += 1
            }
            if let pm = meridiem() {
                return .clock(hour: try twelveHour(hour, token, pm: pm), minute: 0, second: 0)
            }
            guard oClock else {
                throw error(
                    at: index < tokens.count ? tokens[index] : nil,
                    "expected o'clock, am or pm after the hour \(hour)"
                )
            }
            guard (1...12).contains(hour) else { throw error(at: token, "expected an hour from 1 to 12") }
            return .oClock(hour: hour)
        case let .clock(hour, minute, second):
            index += 1
            if let pm = meridiem() {
                return .clock(hour: try twelveHour(hour, token, pm: pm), minute: minute, second: second)
            }
            return .clock(hour: hour, minute: minute, second: second)
        default:
            return nil
        }
    }

    private mutating func meridiem() -> Bool? {
        guard index < tokens.count, case let .word(word) = tokens[index].kind else { return nil }
        switch word {
        case "am", "a.m.":
            index += 1
            return false
        case "pm", "p.m.":
            index += 1
            return true
        default:
            return nil
        }
    }

    private func twelveHour(_ hour: Int, _ token: Token, pm: Bool) throws(DateTimeFormatError) -> Int {
        guard (1...12).contains(hour) else {
            throw error(at: token, "expected an hour from 1 to 12 before \(pm ? "pm" : "am")")
        }
        return hour % 12 + (pm ? 12 : 0)
    }

    // MARK: - Words

    private static func dateBase(_ word: String) -> DateTimeExpressionDateBase? {
        switch word {
        case "now": return .now
        case "today": return .today
        case "yesterday": return .yesterday
        case "tomorrow": return .tomorrow
        default: return nil
        }
    }

    private static func unit(_ word: String) -> (unit: DateTimeExpressionUnit, multiplier: Int)? {
        switch word {
        case "year", "years", "yr", "yrs": return (.year, 1)
        case "month", "months": return (.month, 1)
        case "fortnight", "fortnights": return (.week, 2)
        case "week", "weeks", "wk", "wks": return (.week, 1)
        case "day", "days": return (.day, 1)
        case "hour", "hours", "hr", "hrs": return (.hour, 1)
        case "minute", "minutes", "min", "mins": return (.minute, 1)
        case "second", "seconds", "sec", "secs": return (.second, 1)
        case "millisecond", "milliseconds", "milli", "millis", "ms": return (.millisecond, 1)
        default: return nil
        }
    }

    /// ISO day of week, 1 = Monday.
    private static func weekday(_ word: String) -> Int? {
        switch word {
        case "monday", "mon": return 1
        case "tuesday", "tue", "tues": return 2
        case "wednesday", "wed": return 3
        case "thursday", "thu", "thur", "thurs": return 4
        case "friday", "fri": return 5
        case "saturday", "sat": return 6
        case "sunday", "sun": return 7
        default: return nil
        }
    }

    private static func month(_ word: String) -> Int? {
        if word == "sept" { return 9 }
        if let index = DateTimeNames.monthsFull.firstIndex(where: { $0.lowercased() == word }) { return index + 1 }
        if let index = DateTimeNames.monthsShort.firstIndex(where: { $0.lowercased() == word }) { return index + 1 }
        return nil
    }

    private static func isOClock(_ word: String) -> Bool {
        word == "o'clock" || word == "o\u{2019}clock" || word == "oclock"
    }

    // MARK: - Tokens

    private func tokenize() throws(DateTimeFormatError) -> [Token] {
        let characters = Array(expression.lowercased())
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let position = index + 1
            if character.isWhitespace {
                index += 1
            } else if character == "+" || character == "-" || character == "@" {
                let kind: Kind = character == "+" ? .plus : character == "-" ? .minus : .at
                tokens.append(Token(kind: kind, text: String(character), position: position))
                index += 1
            } else if character.isASCII, character.isNumber {
                var parts: [Int] = []
                var text = ""
                repeat {
                    var value = 0
                    var digits = 0
                    while index < characters.count, characters[index].isASCII, characters[index].isNumber,
                        let digit = characters[index].wholeNumberValue
                    {
                        value = min(value * 10 + digit, Self.maximumAmount + 1)
                        text.append(characters[index])
                        digits += 1
                        index += 1
                    }
                    guard digits > 0 else {
                        throw DateTimeFormatError.expression(
                            expression,
                            position: index + 1,
                            "expected digits after ':' in the time '\(text)'"
                        )
                    }
                    parts.append(value)
                    guard index < characters.count, characters[index] == ":", parts.count < 3 else { break }
                    text.append(":")
                    index += 1
                } while true
                let token = try numberToken(parts, text: text, position: position)
                tokens.append(token)
            } else if character.isLetter {
                var word = ""
                while index < characters.count,
                    characters[index].isLetter || characters[index] == "'" || characters[index] == "\u{2019}"
                        || (characters[index] == "." && (word == "a" || word == "p" || word == "a.m" || word == "p.m"))
                {
                    word.append(characters[index])
                    index += 1
                }
                tokens.append(Token(kind: .word(word), text: word, position: position))
            } else {
                throw DateTimeFormatError.expression(
                    expression,
                    position: position,
                    "unexpected character '\(character)'"
                )
            }
        }
        return tokens
    }

    private func numberToken(_ parts: [Int], text: String, position: Int) throws(DateTimeFormatError) -> Token {
        if parts.count == 1 {
            guard parts[0] <= Self.maximumAmount else {
                throw .expression(
                    expression,
                    position: position,
                    "the number \(text) is too large (at most \(Self.maximumAmount))"
                )
            }
            return Token(kind: .number(parts[0]), text: text, position: position)
        }
        let hour = parts[0]
        let minute = parts[1]
        let second = parts.count > 2 ? parts[2] : 0
        guard hour <= 23, minute <= 59, second <= 59 else {
            throw .expression(
                expression,
                position: position,
                "'\(text)' is not a time of day (hours 0-23, minutes and seconds 0-59)"
            )
        }
        return Token(kind: .clock(hour: hour, minute: minute, second: second), text: text, position: position)
    }

    private func error(at token: Token?, _ problem: String) -> DateTimeFormatError {
        guard let token else {
            return .expression(expression, position: expression.count + 1, problem + " but the expression ended")
        }
        return .expression(expression, position: token.position, problem + " but found '\(token.text)'")
    }
}
