using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Tls.Tests.Support;

namespace UcStack.Tls.Tests;

[TestFixture]
public sealed class TlsPeerAuthorizationTests
{
    [TestCase("edge1.contoso.com", "edge1.contoso.com", true)]
    [TestCase("edge1.contoso.com", "EDGE1.Contoso.COM", true)]
    [TestCase("edge1.contoso.com", "edge1.contoso.com.", true)]
    [TestCase("Edge1.Contoso.Com.", "edge1.contoso.com", true)]
    [TestCase("edge1.contoso.com", "edge2.contoso.com", false)]
    [TestCase("edge1.contoso.com", "contoso.com", false)]
    [TestCase("edge1.contoso.com", "xedge1.contoso.com", false)]
    [TestCase("*.contoso.com", "edge1.contoso.com", true)]
    [TestCase("*.contoso.com", "EDGE1.CONTOSO.COM", true)]
    [TestCase("*.contoso.com", "contoso.com", false)]
    [TestCase("*.contoso.com", "a.b.contoso.com", false)]
    [TestCase("*.contoso.com", "evilcontoso.com", false)]
    [TestCase("*.contoso.com", "edge1.contoso.com.evil.example", false)]
    [TestCase("*.contoso.com", "*.contoso.com", false)]
    [TestCase("bücher.example", "xn--bcher-kva.example", true)]
    [TestCase("xn--bcher-kva.example", "BÜCHER.example", true)]
    [TestCase("*.bücher.example", "sip.xn--bcher-kva.example", true)]
    public void IsAllowed_Entry_MatchesAsRfc6125Says(string entry, string candidate, bool expected)
    {
        var allowList = new TlsPeerAuthorization([entry]);
        Assert.That(allowList.IsAllowed(candidate), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("*")]
    [TestCase("*.")]
    [TestCase("a.*.example")]
    [TestCase("e*.example")]
    [TestCase("**.example")]
    [TestCase("a..example")]
    [TestCase("under_score.example")]
    [TestCase("-leading.example")]
    public void Constructor_InvalidEntry_ThrowsArgumentExceptionNamingIt(string entry)
    {
        Assert.That(
            () => new TlsPeerAuthorization([entry]),
            Throws.ArgumentException.With.Message.Contains($"'{entry}'"));
    }

    [Test]
    public void Constructor_TooLongName_ThrowsArgumentException()
    {
        var name = string.Join('.', Enumerable.Repeat(new string('a', 63), 4)) + ".example";
        Assert.That(() => new TlsPeerAuthorization([name]), Throws.ArgumentException);
    }

    [Test]
    public void AllowedNames_AreNormalisedAndDeduplicated()
    {
        var allowList = new TlsPeerAuthorization(["B.example", "b.example.", "*.Bücher.example", "*.xn--bcher-kva.example"]);
        Assert.That(allowList.AllowedNames, Is.EqualTo(new[] { "b.example", "*.xn--bcher-kva.example" }));
    }

    [Test]
    public void IsAllowed_InvalidCandidate_IsFalseNotAnException()
    {
        var allowList = new TlsPeerAuthorization(["*.contoso.com"]);
        Assert.Multiple(() =>
        {
            Assert.That(allowList.IsAllowed(""), Is.False);
            Assert.That(allowList.IsAllowed("a b.contoso.com"), Is.False);
            Assert.That(allowList.IsAllowed(new string('x', 300) + ".contoso.com"), Is.False);
        });
    }

    [Test]
    public void TryAuthorize_SanPresent_IgnoresCommonName()
    {
        using var pki = new TestPki();
        using var certificate = pki.Issue("allowed.example", ["other.example"]);
        var allowList = new TlsPeerAuthorization(["allowed.example"]);

        // RFC 6125 §6.4.4: with a DNS-ID present, the CN is not consulted.
        Assert.That(allowList.TryAuthorize(certificate, out var peer), Is.False);
        Assert.That(peer, Is.Null);
    }

    [Test]
    public void TryAuthorize_NoSan_UsesCommonName()
    {
        using var pki = new TestPki();
        using var certificate = pki.Issue("Allowed.Example", []);
        var allowList = new TlsPeerAuthorization(["allowed.example"]);

        Assert.That(allowList.TryAuthorize(certificate, out var peer), Is.True);
        Assert.That(peer, Is.EqualTo("allowed.example"));
    }

    [Test]
    public void TryAuthorize_WildcardCertificateName_NeverAuthorizes()
    {
        using var pki = new TestPki();
        using var certificate = pki.Issue("wild", ["*.contoso.com"]);
        var allowList = new TlsPeerAuthorization(["*.contoso.com", "contoso.com"]);

        Assert.That(allowList.TryAuthorize(certificate, out _), Is.False);
    }

    [Test]
    public void TryAuthorize_CertificateWithoutNames_IsRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("O=No Names", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var allowList = new TlsPeerAuthorization(["*.contoso.com"]);

        Assert.That(allowList.TryAuthorize(certificate, out _), Is.False);
    }

    [Test]
    public void Wildcard_AnySingleLabel_IsAllowedButNeverTheParentOrDeeperNames()
    {
        var labels = ArbMap.Default.GeneratorFor<NonEmptyString>()
            .Select(s => new string(s.Get.Where(char.IsAsciiLetterOrDigit).Take(63).ToArray()))
            .Where(s => s.Length > 0);
        var allowList = new TlsPeerAuthorization(["*.contoso.com"]);
        Prop.ForAll(
                labels.ToArbitrary(),
                labels.ToArbitrary(),
                (first, second) =>
                    allowList.IsAllowed($"{first}.contoso.com")
                    && allowList.IsAllowed($"{first.ToUpperInvariant()}.CONTOSO.COM.")
                    && !allowList.IsAllowed($"{first}.{second}.contoso.com")
                    && !allowList.IsAllowed($"{first}contoso.com")
                    && !allowList.IsAllowed($"{first}.contoso.com.{second}"))
            .QuickCheckThrowOnFailure();
    }

    [Test]
    public void IsAllowed_ArbitraryStrings_NeverThrows()
    {
        var allowList = new TlsPeerAuthorization(["exact.example", "*.contoso.com"]);
        Prop.ForAll<string>(candidate =>
            {
                _ = allowList.IsAllowed(candidate ?? string.Empty);
                return true;
            })
            .QuickCheckThrowOnFailure();
    }

    [Test]
    public void Constructor_ArbitraryStrings_EitherAcceptsOrThrowsArgumentException()
    {
        Prop.ForAll<string>(entry =>
            {
                try
                {
                    var allowList = new TlsPeerAuthorization([entry ?? string.Empty]);

                    // An accepted exact entry must allow itself.
                    var normalized = allowList.AllowedNames.Single();
                    return normalized.StartsWith("*.", StringComparison.Ordinal) || allowList.IsAllowed(normalized);
                }
                catch (ArgumentException)
                {
                    return true;
                }
            })
            .QuickCheckThrowOnFailure();
    }
}
