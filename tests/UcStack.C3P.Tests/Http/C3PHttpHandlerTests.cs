using System.Text;
using FsCheck;
using FsCheck.Fluent;
using UcStack.C3P.Tests.Focus;

namespace UcStack.C3P.Tests.Http;

/// <summary>The handler in-process: arbitrary bodies end in a status, never in an exception.</summary>
public sealed class C3PHttpHandlerTests
{
    private static Config Runs(int ci) => Config.QuickThrowOnFailure.WithMaxTest(Generators.MaxTest(ci));

    private static int Handle(C3PHttpHandler handler, byte[] body, string? contentType, out byte[] written)
    {
        using var output = new MemoryStream();
        using var input = new MemoryStream(body);
        var status = handler.HandleAsync(input, contentType, (_, _) => output).GetAwaiter().GetResult();
        written = output.ToArray();
        return status;
    }

    [Test]
    public void HandleAsync_ArbitraryBodies_AlwaysAStatus()
    {
        using var kit = new FocusKit();
        var handler = new C3PHttpHandler((r, ct) => kit.Factory.HandleAsync(r, new C3PCaller(r.From), ct), maxRequestBytes: 2048);
        var valid = C3PXml.Write(kit.Request(FocusKit.Ann, C3PAddress.FocusFactory(FocusKit.Ann), new GetAvailableMcuTypesCommand()));
        var mutated =
            from position in Gen.Choose(0, valid.Length - 1)
            from value in Gen.Choose(0, 255)
            select valid.Select((b, i) => i == position ? (byte)value : b).ToArray();
        var bodies = Gen.OneOf(ArbMap.Default.ArbFor<byte[]>().Generator, mutated);
        Check.One(Runs(300), Prop.ForAll(bodies.ToArbitrary(), body =>
        {
            var status = Handle(handler, body, "application/cccp+xml", out var written);
            return status switch
            {
                200 => C3PXml.Parse(written) is C3PResponse,
                400 or 413 => written.Length > 0,
                _ => false,
            };
        }));
    }

    [Test]
    public void HandleAsync_ValidRequest_200WithTheResponse()
    {
        using var kit = new FocusKit();
        var handler = new C3PHttpHandler((r, ct) => kit.Factory.HandleAsync(r, new C3PCaller(r.From), ct));
        var request = kit.Request(FocusKit.Ann, C3PAddress.FocusFactory(FocusKit.Ann), new GetAvailableMcuTypesCommand());
        Assert.That(Handle(handler, C3PXml.Write(request), "application/cccp+xml;charset=utf-8", out var written), Is.EqualTo(200));
        Assert.That(((C3PResponse)C3PXml.Parse(written)).Answers(request), Is.True);
    }

    [TestCase(null)]
    [TestCase("application/xml")]
    public void HandleAsync_WrongContentType_415(string? contentType)
    {
        var handler = new C3PHttpHandler((r, ct) => throw new AssertionException("must not be called"));
        Assert.That(Handle(handler, Encoding.UTF8.GetBytes("<x/>"), contentType, out _), Is.EqualTo(415));
    }
}
