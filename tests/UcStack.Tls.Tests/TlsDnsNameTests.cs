using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Tls.Tests;

[TestFixture]
public sealed class TlsDnsNameTests
{
    [TestCase("Example.COM", "example.com")]
    [TestCase("example.com.", "example.com")]
    [TestCase(" example.com ", "example.com")]
    [TestCase("bücher.example", "xn--bcher-kva.example")]
    [TestCase("XN--BCHER-KVA.example", "xn--bcher-kva.example")]
    [TestCase("*.Example.com", "*.example.com")]
    public void TryNormalize_ValidName_GivesLowerCaseALabels(string input, string expected)
    {
        Assert.That(TlsDnsName.TryNormalize(input, allowWildcard: true, out var normalized, out var problem), Is.True, problem);
        Assert.That(normalized, Is.EqualTo(expected));
    }

    [TestCase("example.com..")]
    [TestCase(".example.com")]
    [TestCase("exa mple.com")]
    [TestCase("*")]
    [TestCase("*.*.example")]
    public void TryNormalize_InvalidName_ExplainsWhy(string input)
    {
        Assert.That(TlsDnsName.TryNormalize(input, allowWildcard: true, out var normalized, out var problem), Is.False);
        Assert.That(normalized, Is.Null);
        Assert.That(problem, Is.Not.Empty);
    }

    [Test]
    public void TryNormalize_Wildcard_RefusedWhenNotAllowed()
    {
        Assert.That(TlsDnsName.TryNormalize("*.example.com", allowWildcard: false, out _, out var problem), Is.False);
        Assert.That(problem, Does.Contain("wildcard"));
    }

    [Test]
    public void TryNormalize_IsIdempotentAndNeverThrows()
    {
        Prop.ForAll<string>(input =>
            {
                if (!TlsDnsName.TryNormalize(input, allowWildcard: true, out var once, out _))
                {
                    return true;
                }

                return TlsDnsName.TryNormalize(once, allowWildcard: true, out var twice, out _)
                    && twice == once
                    && once.Length <= TlsDnsName.MaxLength
                    && !once.Any(char.IsAsciiLetterUpper);
            })
            .QuickCheckThrowOnFailure();
    }
}
