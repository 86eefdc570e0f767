import Capture
import Testing

@Suite struct AddressTests {
    @Test func ipv4Text() {
        #expect(IPAddress.v4(0x7F00_0001).description == "127.0.0.1")
        #expect(IPAddress.v4(0xFFFF_FFFF).description == "255.255.255.255")
        #expect(IPAddress("10.1.2.3") == .v4(0x0A01_0203))
        #expect(IPAddress("10.1.2") == nil)
        #expect(IPAddress("localhost") == nil)
    }

    @Test(arguments: [
        ("::1", IPAddress.v6(0, 1)),
        ("::", IPAddress.v6(0, 0)),
        ("2001:db8::1", IPAddress.v6(0x2001_0DB8_0000_0000, 1)),
        ("2001:db8:0:1:1:1:1:1", IPAddress.v6(0x2001_0DB8_0000_0001, 0x0001_0001_0001_0001)),  // one zero group stays
        ("2001:0:0:1::1", IPAddress.v6(0x2001_0000_0000_0001, 1)),  // the longer run is compressed
        ("2001:db8::1:0:0:1", IPAddress.v6(0x2001_0DB8_0000_0000, 0x0001_0000_0000_0001)),  // tie: first run
        ("fe80::", IPAddress.v6(0xFE80_0000_0000_0000, 0)),
        ("::ffff:192.0.2.1", IPAddress.v6(0, 0x0000_FFFF_C000_0201)),
    ])
    func ipv6TextFollowsRFC5952(text: String, address: IPAddress) {
        #expect(address.description == text)
        #expect(IPAddress(text) == address)
    }

    @Test func parsingAcceptsLongFormsAndBrackets() {
        #expect(IPAddress("2001:0DB8:0000:0000:0000:0000:0000:0001") == .v6(0x2001_0DB8_0000_0000, 1))
        #expect(IPAddress("[::1]") == .v6(0, 1))
        #expect(IPAddress("::g") == nil)
    }

    @Test func endpointText() {
        #expect(Endpoint(address: .v4(0x7F00_0001), port: 5432).description == "127.0.0.1:5432")
        #expect(Endpoint(address: .v6(0, 1), port: 5432).description == "[::1]:5432")
    }

    @Test func timestampText() {
        #expect(Timestamp(nanoseconds: 1_700_000_000_000_000_042).description == "1700000000.000000042")
        #expect(Timestamp(nanoseconds: -1).description == "-1.999999999")
        #expect(Timestamp(seconds: 2, nanoseconds: 5) > Timestamp(seconds: 1, nanoseconds: 999_999_999))
    }
}
