@_exported import PactumCore
@_exported import PactumMock
