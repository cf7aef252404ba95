namespace UcStack.Sip.Tests.Conformance;

/// <summary>Compares messages the way the round-trip rule states it: same start line, same headers by canonical
/// name and value (Content-Length aside, which serialization recomputes), same body.</summary>
internal static class MessageAssert
{
    public static void RoundTrips(SipMessage original)
    {
        var bytes = original.ToArray();
        Assert.That(bytes, Has.Length.EqualTo(original.GetEncodedLength()));
        using var again = SipMessage.Parse(bytes);
        AreEquivalent(again, original);
    }

    public static void AreEquivalent(SipMessage actual, SipMessage expected)
    {
        Assert.That(actual.IsRequest, Is.EqualTo(expected.IsRequest));
        if (expected is SipRequest req)
        {
            var r = (SipRequest)actual;
            Assert.That(r.Method, Is.EqualTo(req.Method));
            Assert.That(r.RequestUriText, Is.EqualTo(req.RequestUriText));
        }
        else
        {
            var e = (SipResponse)expected;
            var a = (SipResponse)actual;
            Assert.That(a.StatusCode, Is.EqualTo(e.StatusCode));
            Assert.That(a.ReasonPhrase, Is.EqualTo(e.ReasonPhrase));
        }

        Assert.That(HeaderList(actual), Is.EqualTo(HeaderList(expected)));
        Assert.That(actual.Body.ToArray(), Is.EqualTo(expected.Body.ToArray()));
        Assert.That(actual.ContentLength, Is.EqualTo(actual.Body.Length));
        Assert.That(actual.CallId, Is.EqualTo(expected.CallId));
        Assert.That(actual.TopViaBranch, Is.EqualTo(expected.TopViaBranch));
        Assert.That(actual.FromTag, Is.EqualTo(expected.FromTag));
        Assert.That(actual.ToTag, Is.EqualTo(expected.ToTag));
        Assert.That(actual.CSeqNumber, Is.EqualTo(expected.CSeqNumber));
    }

    public static List<string> HeaderList(SipMessage m)
    {
        var list = new List<string>();
        foreach (var h in m.Headers)
        {
            if (h.CanonicalName != "Content-Length") list.Add(h.CanonicalName + ": " + h.Value);
        }

        return list;
    }
}
