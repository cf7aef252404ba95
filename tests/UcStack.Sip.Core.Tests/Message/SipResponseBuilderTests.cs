namespace UcStack.Sip.Tests.Message;

[TestFixture]
public sealed class SipResponseBuilderTests
{
    private static SipRequest Request(string text) => SipRequest.Parse(SipTestMessages.Bytes(text));

    [Test]
    public void For_CopiesViaFromToCallIdCSeq_InOrder()
    {
        var text = SipTestMessages.InviteWith("Contact:", "Via: SIP/2.0/TCP second.example;branch=z9hG4bK2\r\nv: SIP/2.0/UDP third.example;branch=z9hG4bK3\r\nTimestamp: 54");
        using var request = Request(text);
        using var response = SipResponseBuilder.For(request, 180).Build();
        Assert.That(response.StatusCode, Is.EqualTo(180));
        Assert.That(response.ReasonPhrase, Is.EqualTo("Ringing"));
        Assert.That(response.Headers.GetValues("Via"), Is.EqualTo(request.Headers.GetValues("Via")));
        Assert.That(response.Vias.Select(v => v.Branch), Is.EqualTo(new[] { "z9hG4bK776asdhds", "z9hG4bK2", "z9hG4bK3" }));
        Assert.That(response.Headers.GetValues("From"), Is.EqualTo(request.Headers.GetValues("From")));
        Assert.That(response.Headers.GetValues("To"), Is.EqualTo(request.Headers.GetValues("To")));
        Assert.That(response.CallId, Is.EqualTo(request.CallId));
        Assert.That(response.CSeq, Is.EqualTo(request.CSeq));
        Assert.That(response.Headers.Contains("Timestamp"), Is.False, "only 100 Trying echoes Timestamp");
        Assert.That(response.Headers.Contains("Max-Forwards") || response.Headers.Contains("Contact"), Is.False);
        Assert.That(response.TryValidate(out var e), Is.True, e.ToString());
    }

    [Test]
    public void For_Trying_EchoesTimestamp()
    {
        using var request = Request(SipTestMessages.InviteWith("Contact:", "Timestamp: 54"));
        using var response = SipResponseBuilder.For(request, 100).Build();
        Assert.That(response.Headers.GetValues("Timestamp"), Is.EqualTo(new[] { "54" }));
        Assert.That(response.ToTag, Is.Null);
    }

    [Test]
    public void WithToTag_AddsTagOnlyWhenAbsent()
    {
        using var request = Request(SipTestMessages.Invite);
        using var tagged = SipResponseBuilder.For(request, 200).WithToTag().Build();
        Assert.That(tagged.ToTag, Has.Length.EqualTo(16));
        Assert.That(tagged.To.Uri!.ToString(), Is.EqualTo(request.To.Uri!.ToString()));
        using var chosen = SipResponseBuilder.For(request, 486, "Busy Here Now").WithToTag("xyz").Build();
        Assert.That(chosen.ToTag, Is.EqualTo("xyz"));
        Assert.That(chosen.ReasonPhrase, Is.EqualTo("Busy Here Now"));

        using var inDialog = Request(SipTestMessages.InviteWith("To:", "To: <sip:bob@biloxi.example.com>;tag=existing"));
        using var kept = SipResponseBuilder.For(inDialog, 200).WithToTag("other").Build();
        Assert.That(kept.ToTag, Is.EqualTo("existing"));
    }

    [Test]
    public void Build_WithBody_SetsContentTypeAndLength()
    {
        using var request = Request(SipTestMessages.Invite);
        using var r = SipResponseBuilder.For(request, 200).WithToTag().AddContact("sip:bob@192.0.2.4").SetBody("v=0\r\n"u8, "application/sdp").Build();
        Assert.That(r.ContentLength, Is.EqualTo(5));
        Assert.That(r.ContentType!.MediaType, Is.EqualTo("application/sdp"));
        Assert.That(r.Contacts, Has.Count.EqualTo(1));
    }

    [Test]
    public void For_DisposedRequestAfterwards_DoesNotAffectBuilder()
    {
        var request = Request(SipTestMessages.Invite);
        var builder = SipResponseBuilder.For(request, 200);
        request.Dispose();
        using var r = builder.Build();
        Assert.That(r.CallId, Is.EqualTo("a84b4c76e66710@pc33.atlanta.example.com"));
    }

    [TestCase(99)]
    [TestCase(700)]
    public void Constructor_BadStatusCode_Throws(int code)
        => Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SipResponseBuilder(code));

    [Test]
    public void WithToTag_WithoutTo_Throws()
        => Assert.Throws<InvalidOperationException>(() => new SipResponseBuilder(200).WithToTag());

    [TestCase(200, "OK")]
    [TestCase(481, "Call/Transaction Does Not Exist")]
    [TestCase(299, "")]
    public void ReasonPhrases_Get_KnowsRegisteredCodes(int code, string phrase)
        => Assert.That(SipReasonPhrases.Get(code), Is.EqualTo(phrase));
}
