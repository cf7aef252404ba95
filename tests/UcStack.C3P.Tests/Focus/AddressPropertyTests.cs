using FsCheck;
using FsCheck.Fluent;

namespace UcStack.C3P.Tests.Focus;

/// <summary>The conferencing URI and ms-diagnostics codecs: round trips, and arbitrary text never throws.</summary>
public sealed class AddressPropertyTests
{
    private static Config Runs(int ci) => Config.QuickThrowOnFailure.WithMaxTest(Generators.MaxTest(ci));

    private static readonly Gen<string> Token =
        from n in Gen.Choose(1, 12)
        from chars in Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789".ToCharArray()), n)
        select new string(chars);

    private static readonly Gen<C3PAddress> Address = Gen.OneOf(
        from user in Token
        select new C3PAddress(C3PAddressKind.FocusFactory, "sip:" + user + "@example.org"),
        from user in Token
        from id in Token
        select new C3PAddress(C3PAddressKind.Focus, "sip:" + user + "@example.org", id),
        from user in Token
        from id in Token
        from type in Gen.Elements("chat", "audio-video", "meeting", "phone-conf", "applicationsharing")
        select new C3PAddress(C3PAddressKind.Mcu, "sips:" + user + "@example.org", id, type));

    [Test]
    public void Address_ParseOfToString_IsTheSameAddress()
    {
        Check.One(Runs(500), Prop.ForAll(Address.ToArbitrary(), address =>
            C3PAddress.TryParse(address.ToString(), out var parsed) && parsed == address
            && C3PAddress.TryParse("<" + address + ">", out var bracketed) && bracketed == address));
    }

    [Test]
    public void Address_ArbitraryText_NeverThrows()
    {
        // Whatever parses writes back to a URI that parses to the same address.
        static bool Stable(string text) =>
            !C3PAddress.TryParse(text, out var address) || (C3PAddress.TryParse(address.ToString(), out var again) && again == address);
        Check.One(Runs(1000), Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
            Stable(text) && Stable("sip:a@b;opaque=app:conf:" + text) && Stable("sip:a@b;opaque=app:conf:chat:id:" + text)));
    }

    [Test]
    public void Diagnostic_ParseOfFormat_KeepsIdAndReason()
    {
        var ids = Enum.GetValues<C3PDiagnosticId>().Where(i => i != C3PDiagnosticId.Unknown).ToArray();
        Check.One(Runs(500), Prop.ForAll(Gen.Elements(ids).ToArbitrary(), Token.ToArbitrary(), (id, reason) =>
            C3PDiagnostic.TryParse(C3PDiagnostic.Format(id, reason), out var parsed) && parsed.Id == id && parsed.Reason == reason));
    }

    [Test]
    public void Diagnostic_ArbitraryText_NeverThrows()
    {
        static bool Sane(string text) => !C3PDiagnostic.TryParse(text, out var d) || (d.Code >= 0 && (d.Reason is null || !d.Reason.Contains('"', StringComparison.Ordinal)));
        Check.One(Runs(1000), Prop.ForAll(ArbMap.Default.ArbFor<string>(), text => Sane(text) && Sane("3006;" + text) && Sane("3006;reason=\"" + text)));
    }

    [TestCase("sip:ann@example.org;gruu;opaque=app:conf:focus:id:K7QW2Z9M", C3PAddressKind.Focus, "K7QW2Z9M", null)]
    [TestCase("sip:ann@example.org;opaque=app:conf:chat:id:K7QW2Z9M;gruu", C3PAddressKind.Mcu, "K7QW2Z9M", "chat")]
    [TestCase("sip:ann@example.org;gruu;opaque=app:conf:focusfactory", C3PAddressKind.FocusFactory, null, null)]
    public void TryParse_DigestExamples(string uri, C3PAddressKind kind, string? id, string? type)
    {
        Assert.That(C3PAddress.TryParse(uri, out var address), Is.True);
        Assert.That(address, Is.EqualTo(new C3PAddress(kind, "sip:ann@example.org", id, type)));
    }

    [TestCase("sip:ann@example.org")]
    [TestCase("sip:ann@example.org;gruu;opaque=user:epid:abc")]
    [TestCase("sip:ann@example.org;opaque=app:conf:focus:id:")]
    [TestCase("sip:ann@example.org;opaque=app:conf:focus:id:K7-Q")]
    [TestCase("tel:+123;opaque=app:conf:focusfactory")]
    [TestCase("")]
    public void TryParse_NotConferencing_False(string uri) => Assert.That(C3PAddress.TryParse(uri, out _), Is.False);
}
