using System.Net;
using UcStack.Sip.Transport;
using static UcStack.Sip.Tests.Transport.TransportTestMessages;

namespace UcStack.Sip.Tests.Transport;

[TestFixture]
public sealed class SipViaStampTests
{
    private static SipMessage Request(string via, string? extraVia = null) => SipMessage.Parse(Bytes(
        "INVITE sip:bob@example.com SIP/2.0\n" +
        "Via: " + via + "\n" +
        (extraVia is null ? string.Empty : "Via: " + extraVia + "\n") +
        "Max-Forwards: 70\nFrom: <sip:a@example.com>;tag=1\nTo: <sip:bob@example.com>\nCall-ID: c1\nCSeq: 1 INVITE\nContent-Length: 4\n\nbody"));

    private static (SipViaStamp.Result Result, SipMessage Message) Apply(string via, string source, string? extraVia = null)
    {
        var message = Request(via, extraVia);
        var result = SipViaStamp.TryApply(ref message, IPEndPoint.Parse(source), SipParserLimits.Default);
        return (result, message);
    }

    [Test]
    public void SentByIsTheSource_NoRPort_Unchanged()
    {
        var original = Request("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1");
        var message = original;
        Assert.That(SipViaStamp.TryApply(ref message, IPEndPoint.Parse("192.0.2.1:5060"), SipParserLimits.Default), Is.EqualTo(SipViaStamp.Result.Unchanged));
        Assert.That(message, Is.SameAs(original));
        message.Dispose();
    }

    [Test]
    public void SentByDiffersFromSource_AddsReceived()
    {
        var (result, message) = Apply("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1", "198.51.100.7:40000");
        using (message)
        {
            Assert.That(result, Is.EqualTo(SipViaStamp.Result.Stamped));
            Assert.That(message.Vias[0].Received, Is.EqualTo("198.51.100.7"));
            Assert.That(message.Vias[0].HasRPort, Is.False);
            Assert.That(message.TopViaBranch, Is.EqualTo("z9hG4bK1"));
            Assert.That(message.Body.ToArray(), Is.EqualTo("body"u8.ToArray()));
            Assert.That(message.CallId, Is.EqualTo("c1"));
        }
    }

    [Test]
    public void SentByIsAHostName_AddsReceived()
    {
        var (result, message) = Apply("SIP/2.0/TCP pc33.atlanta.example;branch=z9hG4bK1", "192.0.2.1:5060");
        using (message)
        {
            Assert.That(result, Is.EqualTo(SipViaStamp.Result.Stamped));
            Assert.That(message.Vias[0].Received, Is.EqualTo("192.0.2.1"));
        }
    }

    [Test]
    public void EmptyRPort_IsFilledAndReceivedAddedEvenWhenTheHostMatches()
    {
        var (result, message) = Apply("SIP/2.0/UDP 192.0.2.1:5060;rport;branch=z9hG4bK1", "192.0.2.1:61000");
        using (message)
        {
            Assert.That(result, Is.EqualTo(SipViaStamp.Result.Stamped));
            Assert.That(message.Vias[0].RPort, Is.EqualTo(61000));
            Assert.That(message.Vias[0].Received, Is.EqualTo("192.0.2.1"));
        }
    }

    [Test]
    public void RPortWithAValue_IsKept()
    {
        var (result, message) = Apply("SIP/2.0/UDP 192.0.2.1:5060;rport=1234;branch=z9hG4bK1", "192.0.2.1:61000");
        using (message)
        {
            Assert.That(result, Is.EqualTo(SipViaStamp.Result.Unchanged));
            Assert.That(message.Vias[0].RPort, Is.EqualTo(1234));
        }
    }

    [Test]
    public void SpoofedReceived_IsReplaced()
    {
        var (_, message) = Apply("SIP/2.0/UDP 192.0.2.1:5060;received=203.0.113.9;branch=z9hG4bK1", "198.51.100.7:5060");
        using (message) Assert.That(message.Vias[0].Received, Is.EqualTo("198.51.100.7"));
    }

    [Test]
    public void OnlyTheFirstViaParmIsEdited()
    {
        var (_, message) = Apply("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1 , SIP/2.0/UDP 192.0.2.50;branch=z9hG4bK0", "198.51.100.7:5060", "SIP/2.0/TCP 192.0.2.60;branch=z9hG4bKz");
        using (message)
        {
            Assert.That(message.Vias.Select(v => v.Received), Is.EqualTo(new string?[] { "198.51.100.7", null, null }));
            Assert.That(message.Vias.Select(v => v.Branch), Is.EqualTo(new[] { "z9hG4bK1", "z9hG4bK0", "z9hG4bKz" }));
        }
    }

    [Test]
    public void Ipv6_BracketedSentByEqualToSource_Unchanged_OtherwiseReceivedWithoutBrackets()
    {
        var (same, m1) = Apply("SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK1", "[2001:db8::1]:5060");
        m1.Dispose();
        Assert.That(same, Is.EqualTo(SipViaStamp.Result.Unchanged));
        var (_, m2) = Apply("SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK1", "[2001:db8::2]:5060");
        using (m2) Assert.That(m2.Vias[0].Received, Is.EqualTo("2001:db8::2"));
    }

    [Test]
    public void Ipv4MappedSource_IsComparedAsIpv4()
    {
        var (result, message) = Apply("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1", "[::ffff:192.0.2.1]:5060");
        message.Dispose();
        Assert.That(result, Is.EqualTo(SipViaStamp.Result.Unchanged));
    }

    [Test]
    public void TopViaInvalidUnderTheFullGrammar_IsReported()
    {
        var (result, message) = Apply("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1;received=not-an-address", "198.51.100.7:5060");
        message.Dispose();
        Assert.That(result, Is.EqualTo(SipViaStamp.Result.InvalidVia));
    }

    [TestCase("192.0.2.1", true)]
    [TestCase("[2001:db8::1]", true)]
    [TestCase("2001:db8::1", true)]
    [TestCase("example.com", false)]
    [TestCase("1", false)]
    [TestCase("0x7f.1", false)]
    [TestCase("[2001:db8::1", false)]
    [TestCase("[]", false)]
    public void TryParseHostAddress_AcceptsOnlyIpLiterals(string host, bool expected)
        => Assert.That(SipViaStamp.TryParseHostAddress(System.Text.Encoding.ASCII.GetBytes(host), out _), Is.EqualTo(expected));
}
