using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Client.Tests;

/// <summary>The MRAS-shaped relay credentials response ([MS-AVEDGEA]) as <see cref="UcClient.ParseMrasResponse"/> reads it.</summary>
[TestFixture]
public sealed class RelayCredentialsTests
{
    private const string Response = """
        <?xml version="1.0" encoding="utf-8"?>
        <response xmlns="http://schemas.microsoft.com/2006/09/sip/mrasp" requestID="7" version="1.0" serverVersion="2" to="sip:alice@example.org" from="sip:example.org" reasonPhrase="OK">
          <credentialsResponse credentialsRequestID="7">
            <credentials><username>AgAAJBFx2T0=</username><password>s3cret</password><duration>480</duration></credentials>
            <mediaRelayList>
              <mediaRelay><location>internet</location><hostName>relay.example.org</hostName><udpPort>3478</udpPort><tcpPort>443</tcpPort></mediaRelay>
              <mediaRelay><location>internet</location><hostName>127.0.0.1</hostName><udpPort>3478</udpPort><tcpPort>443</tcpPort></mediaRelay>
            </mediaRelayList>
          </credentialsResponse>
        </response>
        """;

    [Test]
    public void Parse_MrasResponse_TakesTheFirstRelayWithAnAddress()
    {
        var credentials = UcClient.ParseMrasResponse(Encoding.UTF8.GetBytes(Response));

        Assert.That(credentials.Relay, Is.EqualTo(new IPEndPoint(IPAddress.Loopback, 3478)));
        Assert.That(credentials.Username, Is.EqualTo("AgAAJBFx2T0="));
        Assert.That(credentials.Password, Is.EqualTo("s3cret"));
        Assert.That(credentials.Lifetime, Is.EqualTo(TimeSpan.FromHours(8)));
        Assert.That(credentials.ToString(), Does.Not.Contain("s3cret"));
    }

    [TestCase("<response xmlns=\"http://schemas.microsoft.com/2006/09/sip/mrasp\"/>", "no credentialsResponse")]
    [TestCase("not xml", "not well-formed")]
    [TestCase("<!DOCTYPE r [<!ENTITY e \"x\">]><r/>", "not well-formed")]
    public void Parse_Malformed_SaysWhat(string xml, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => UcClient.ParseMrasResponse(Encoding.UTF8.GetBytes(xml)));

        Assert.That(error!.Message, Does.Contain(expected));
    }

    [Test]
    public void Parse_NoUsableRelay_Refuses()
    {
        var xml = Response.Replace("127.0.0.1", "relay2.example.org", StringComparison.Ordinal);

        Assert.That(() => UcClient.ParseMrasResponse(Encoding.UTF8.GetBytes(xml)), Throws.InvalidOperationException.With.Message.Contains("no media relay"));
    }

    [Test]
    public void Parse_Oversized_RefusedBeforeParsing()
    {
        Assert.That(() => UcClient.ParseMrasResponse(new byte[20_000]), Throws.InvalidOperationException.With.Message.Contains("at most"));
    }

    [Test]
    public void Parse_AnyBytesOrMutation_OnlyItsOwnError()
    {
        var valid = Encoding.UTF8.GetBytes(Response);
        var mutated = ArbMap.Default.ArbFor<(int Position, byte Value)[]>().Generator.Select(edits =>
        {
            var copy = valid.ToArray();
            foreach (var (position, value) in edits) copy[(position & int.MaxValue) % copy.Length] = value;
            return copy;
        });
        var anyBytes = ArbMap.Default.ArbFor<byte[]>().Generator;
        Prop.ForAll(Gen.OneOf(mutated, anyBytes).ToArbitrary(), bytes =>
        {
            try
            {
                UcClient.ParseMrasResponse(bytes);
            }
            catch (InvalidOperationException)
            {
                // the parser's own error
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }
}
