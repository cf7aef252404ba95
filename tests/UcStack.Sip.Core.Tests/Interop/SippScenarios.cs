namespace UcStack.Sip.Tests.Interop;

/// <summary>sipp scenarios of our own, written to sipp's scratch directory by <see cref="SippRunner.WriteScenario"/>.</summary>
internal static class SippScenarios
{
    /// <summary>The realm, user and password <see cref="DigestUas"/> checks.</summary>
    internal const string Realm = "sipp.test";

    internal const string Username = "alice";

    internal const string Password = "secret";

    /// <summary>
    /// A UAS that challenges each INVITE with 401 (one MD5 challenge with qop=auth and a per-call nonce), takes the
    /// ACK for it, and checks the retried INVITE's Authorization with sipp's <c>verifyauth</c> action (sipp reads only
    /// Authorization, so this covers 401, not 407). Good credentials: 200 with SDP, ACK, BYE, 200. Bad ones: 403, and
    /// sipp counts the call failed.
    /// </summary>
    internal const string DigestUas = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <!DOCTYPE scenario SYSTEM "sipp.dtd">
        <scenario name="UAS: 401 on INVITE, verifyauth on the retry">
          <recv request="INVITE" />
          <send>
            <![CDATA[

        SIP/2.0 401 Unauthorized
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        WWW-Authenticate: Digest realm="sipp.test", nonce="[pid]x[call_number]x[clock_tick]", algorithm=MD5, qop="auth"
        Content-Length: 0

            ]]>
          </send>
          <recv request="ACK" />
          <recv request="INVITE">
            <action>
              <verifyauth assign_to="authvalid" username="alice" password="secret" />
            </action>
          </recv>
          <nop hide="true" test="authvalid" next="good" />
          <send next="refused">
            <![CDATA[

        SIP/2.0 403 Forbidden
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        Content-Length: 0

            ]]>
          </send>
          <label id="good" />
          <send>
            <![CDATA[

        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        Contact: <sip:[local_ip]:[local_port];transport=[transport]>
        Content-Type: application/sdp
        Content-Length: [len]

        v=0
        o=sipp 1 1 IN IP[local_ip_type] [local_ip]
        s=-
        c=IN IP[media_ip_type] [media_ip]
        t=0 0
        m=audio [media_port] RTP/AVP 0
        a=rtpmap:0 PCMU/8000

            ]]>
          </send>
          <recv request="ACK" />
          <recv request="BYE" />
          <send next="done">
            <![CDATA[

        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:]
        [last_Call-ID:]
        [last_CSeq:]
        Content-Length: 0

            ]]>
          </send>
          <label id="refused" />
          <recv request="ACK" />
          <!-- A BYE never comes after 403: the timeout without ontimeout makes sipp count the call failed. -->
          <recv request="BYE" timeout="500" />
          <label id="done" />
          <timewait milliseconds="500" />
        </scenario>
        """;
}
