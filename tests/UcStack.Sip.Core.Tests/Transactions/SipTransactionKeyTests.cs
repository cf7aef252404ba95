using FsCheck;
using FsCheck.Fluent;
using UcStack.Sip.Tests.Uris;
using UcStack.Sip.Transactions;

namespace UcStack.Sip.Tests.Transactions;

[TestFixture]
public sealed class SipTransactionKeyTests
{
    private static SipRequest Legacy(string method, string via = "SIP/2.0/UDP old.example.com:5060;branch=1234", string? toTag = null, uint cseq = 7, string uri = "sip:bob@example.com")
    {
        var builder = new SipRequestBuilder(method, uri)
            .AddHeader("Via", via)
            .SetFrom("sip:alice@example.com", null, "from-tag-1")
            .SetTo("sip:bob@example.com", null, toTag)
            .SetCallId("legacy-call")
            .AddHeader("CSeq", $"{cseq} {method}");
        return builder.Build();
    }

    [Test]
    public void ForServer_Retransmission_SameKey()
    {
        using var a = TxMessages.Request("INVITE");
        using var b = TxMessages.Request("INVITE");
        Assert.That(SipTransactionKey.ForServer(a), Is.EqualTo(SipTransactionKey.ForServer(b)));
        Assert.That(SipTransactionKey.ForServer(a).GetHashCode(), Is.EqualTo(SipTransactionKey.ForServer(b).GetHashCode()));
        Assert.That(SipTransactionKey.ForServer(a).IsRfc2543, Is.False);
    }

    [Test]
    public void ForServer_AckForNonSuccess_MatchesInvite()
    {
        // RFC 3261 §17.2.3: the method of an ACK counts as INVITE; the ACK to a non-2xx keeps the branch.
        using var invite = TxMessages.Request("INVITE");
        using var ack = TxMessages.Request("ACK", toTag: "to-tag-9");
        Assert.That(SipTransactionKey.ForServer(ack), Is.EqualTo(SipTransactionKey.ForServer(invite)));
        Assert.That(SipTransactionKey.ForServer(ack).Method, Is.EqualTo("INVITE"));
    }

    [Test]
    public void ForServer_CancelWithSameBranch_IsAnotherTransaction()
    {
        using var invite = TxMessages.Request("INVITE");
        using var cancel = TxMessages.Request("CANCEL");
        Assert.That(SipTransactionKey.ForServer(cancel), Is.Not.EqualTo(SipTransactionKey.ForServer(invite)));
    }

    [Test]
    public void ForServer_SentBy_PartOfKeyHostCaseInsensitive()
    {
        using var invite = TxMessages.Request("INVITE");
        using var otherPort = TxMessages.Request("INVITE", viaPort: 5070);
        using var noPort = TxMessages.Request("INVITE", viaPort: null);
        using var upper = TxMessages.Request("INVITE", viaHost: "CLIENT.Example.COM");
        using var otherBranch = TxMessages.Request("INVITE", branch: "z9hG4bK-tx-2");
        var key = SipTransactionKey.ForServer(invite);
        Assert.That(SipTransactionKey.ForServer(otherPort), Is.Not.EqualTo(key));
        Assert.That(SipTransactionKey.ForServer(noPort), Is.Not.EqualTo(key));
        Assert.That(SipTransactionKey.ForServer(otherBranch), Is.Not.EqualTo(key));
        Assert.That(SipTransactionKey.ForServer(upper), Is.EqualTo(key));
    }

    [Test]
    public void ForClient_ResponseMatchesByBranchAndCSeqMethod()
    {
        using var invite = TxMessages.Request("INVITE");
        using var cancel = TxMessages.Request("CANCEL");
        using var ok = TxMessages.Response(invite, 200);
        using var cancelOk = TxMessages.Response(cancel, 200);
        Assert.That(SipTransactionKey.TryForResponse(ok, out var key), Is.True);
        Assert.That(key, Is.EqualTo(SipTransactionKey.ForClient(invite)));
        Assert.That(SipTransactionKey.TryForResponse(cancelOk, out var cancelKey), Is.True);
        Assert.That(cancelKey, Is.EqualTo(SipTransactionKey.ForClient(cancel)));
        Assert.That(cancelKey, Is.Not.EqualTo(key), "RFC 3261 §17.1.3: CANCEL and INVITE share a branch, not a transaction");
        Assert.That(key, Is.Not.EqualTo(SipTransactionKey.ForServer(invite)), "client and server keys never collide");
    }

    [Test]
    public void ForClient_NoBranch_Throws()
    {
        using var legacy = Legacy("OPTIONS", via: "SIP/2.0/UDP old.example.com:5060");
        Assert.That(() => SipTransactionKey.ForClient(legacy), Throws.ArgumentException);
    }

    [Test]
    public void Rfc2543_AckWithResponseToTag_MatchesInvite()
    {
        using var invite = Legacy("INVITE");
        using var ack = Legacy("ACK", toTag: "resp-tag");
        var key = SipTransactionKey.ForServer(invite);
        Assert.That(key.IsRfc2543, Is.True);
        Assert.That(SipTransactionKey.ForServer(ack), Is.EqualTo(key));
    }

    [Test]
    public void Rfc2543_NoBranch_UsesFallback()
    {
        using var a = Legacy("OPTIONS", via: "SIP/2.0/UDP old.example.com:5060");
        using var b = Legacy("OPTIONS", via: "SIP/2.0/UDP old.example.com:5060");
        Assert.That(SipTransactionKey.ForServer(a).IsRfc2543, Is.True);
        Assert.That(SipTransactionKey.ForServer(a), Is.EqualTo(SipTransactionKey.ForServer(b)));
    }

    [Test]
    public void Rfc2543_MalformedVia_ThrowsParseError()
    {
        var text =
            "OPTIONS sip:bob@example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP old.example.com;branch=1234, SIP/2.0/UDP ;;\r\n" +
            "From: <sip:alice@example.com>;tag=f\r\n" +
            "To: <sip:bob@example.com>\r\n" +
            "Call-ID: c\r\n" +
            "CSeq: 1 OPTIONS\r\n" +
            "Content-Length: 0\r\n\r\n";
        // The message parser reads only the top Via's branch eagerly; the fallback needs the whole header.
        Assert.That(SipRequest.TryParse(System.Text.Encoding.ASCII.GetBytes(text), out var request, out _), Is.True);
        using (request)
        {
            Assert.That(() => SipTransactionKey.ForServer(request!), Throws.TypeOf<SipParseException>());
        }
    }

    [Test]
    public void Rfc2543_EachFieldDistinguishes()
    {
        using var baseline = Legacy("BYE", toTag: "t1");
        var key = SipTransactionKey.ForServer(baseline);
        using var toTag = Legacy("BYE", toTag: "t2");
        using var cseq = Legacy("BYE", toTag: "t1", cseq: 8);
        using var uri = Legacy("BYE", toTag: "t1", uri: "sip:carol@example.com");
        using var via = Legacy("BYE", via: "SIP/2.0/UDP old.example.com:5061;branch=1234", toTag: "t1");
        using var method = Legacy("INFO", toTag: "t1");
        Assert.That(SipTransactionKey.ForServer(toTag), Is.Not.EqualTo(key));
        Assert.That(SipTransactionKey.ForServer(cseq), Is.Not.EqualTo(key));
        Assert.That(SipTransactionKey.ForServer(uri), Is.Not.EqualTo(key));
        Assert.That(SipTransactionKey.ForServer(via), Is.Not.EqualTo(key));
        Assert.That(SipTransactionKey.ForServer(method), Is.Not.EqualTo(key));
    }

    [Test]
    public void Rfc2543_AckWithWrongToTag_IsIgnoredByServerInvite()
    {
        var clock = new CountingTimeProvider();
        var sink = new RecordingSink(clock);
        using var invite = Legacy("INVITE");
        using var tx = new SipServerInviteTransaction(invite, false, sink, clock, sendTrying: false);
        tx.Start();
        using var busy = TxMessages.Response(invite, 486, toTag: "resp-tag");
        tx.Process(SipTransactionInput.Respond(busy));
        using var wrongAck = Legacy("ACK", toTag: "another-tag");
        tx.Process(SipTransactionInput.Received(wrongAck));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Completed));
        using var ack = Legacy("ACK", toTag: "resp-tag");
        tx.Process(SipTransactionInput.Received(ack));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Confirmed));
    }

    [Test]
    public void Property_ServerKey_AckMatchesInviteAndBranchesSeparate()
    {
        var gen =
            from b1 in GrammarGenerators.Token
            from b2 in GrammarGenerators.Token
            from port in Gen.Choose(1, 65535)
            select (b1, b2, port);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(gen.ToArbitrary(), t =>
        {
            using var invite = TxMessages.Request("INVITE", branch: "z9hG4bK" + t.b1, viaPort: t.port);
            using var ack = TxMessages.Request("ACK", branch: "z9hG4bK" + t.b1, viaPort: t.port, toTag: "x");
            using var other = TxMessages.Request("INVITE", branch: "z9hG4bK" + t.b2, viaPort: t.port);
            var key = SipTransactionKey.ForServer(invite);
            var ackKey = SipTransactionKey.ForServer(ack);
            return key == ackKey && key.GetHashCode() == ackKey.GetHashCode()
                && (t.b1 == t.b2) == (SipTransactionKey.ForServer(other) == key);
        }));
    }

    [Test]
    public void Property_ClientKey_ResponseToRequestMatches()
    {
        var gen =
            from branch in GrammarGenerators.Token
            from method in Gen.Elements("INVITE", "BYE", "OPTIONS", "CANCEL", "X-EXT")
            from code in Gen.Choose(100, 699)
            select (branch, method, code);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(gen.ToArbitrary(), t =>
        {
            using var request = TxMessages.Request(t.method, branch: "z9hG4bK" + t.branch);
            using var response = TxMessages.Response(request, t.code);
            return SipTransactionKey.TryForResponse(response, out var key) && key == SipTransactionKey.ForClient(request);
        }));
    }
}
