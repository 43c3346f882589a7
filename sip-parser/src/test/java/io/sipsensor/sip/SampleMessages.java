package io.sipsensor.sip;

/** Realistic hand-written SIP messages of one call, used across the tests. */
final class SampleMessages
{
    static final String SDP_OFFER =
        "v=0\r\n" +
        "o=alice 2890844526 2890844526 IN IP4 192.0.2.101\r\n" +
        "s=-\r\n" +
        "c=IN IP4 192.0.2.101\r\n" +
        "t=0 0\r\n" +
        "m=audio 49172 RTP/AVP 0 8 101\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-16\r\n" +
        "a=sendrecv\r\n";

    static final String INVITE = Messages.withContentLength(SDP_OFFER,
        "INVITE sip:+15551234567@biloxi.example.com;user=phone SIP/2.0",
        "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport",
        "Max-Forwards: 70",
        "To: \"Bob\" <sip:+15551234567@biloxi.example.com;user=phone>",
        "From: \"Alice \\\"Al\\\" Smith\" <sip:alice@atlanta.example.com>;tag=1928301774",
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
        "CSeq: 314159 INVITE",
        "Contact: <sip:alice@192.0.2.101:5060;transport=udp>;+sip.instance=\"<urn:uuid:f81d4fae>\"",
        "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY",
        "Supported: replaces, timer",
        "User-Agent: Example UA 1.0",
        "Content-Type: application/sdp");

    static final String TRYING = Messages.withContentLength("",
        "SIP/2.0 100 Trying",
        "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport=5060;received=192.0.2.101",
        "To: \"Bob\" <sip:+15551234567@biloxi.example.com;user=phone>",
        "From: \"Alice \\\"Al\\\" Smith\" <sip:alice@atlanta.example.com>;tag=1928301774",
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
        "CSeq: 314159 INVITE");

    static final String OK_COMPACT = Messages.withContentLength(SDP_OFFER,
        "SIP/2.0 200 OK",
        "v: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds",
        "t: <sip:+15551234567@biloxi.example.com;user=phone>;tag=a6c85cf",
        "f: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774",
        "i: a84b4c76e66710@pc33.atlanta.example.com",
        "CSeq: 314159 INVITE",
        "m: <sip:bob@192.0.2.4>",
        "c: application/sdp");

    static final String BYE = Messages.withContentLength("",
        "BYE sip:alice@192.0.2.101:5060;transport=udp SIP/2.0",
        "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds10",
        "Max-Forwards: 70",
        "From: <sip:+15551234567@biloxi.example.com;user=phone>;tag=a6c85cf",
        "To: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774",
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
        "CSeq: 231 BYE");

    private SampleMessages()
    {
    }
}
