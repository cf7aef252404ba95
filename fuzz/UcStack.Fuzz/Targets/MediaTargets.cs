using UcStack.Srtp;
using UcStack.Srtp.Rtcp;
using UcStack.Srtp.Rtp;

namespace UcStack.Fuzz;

/// <summary>RTP, RTCP, SRTP and SRTCP targets. Parsers report a false TryParse; SrtpContext reports a non-Ok SrtpStatus.</summary>
internal static class MediaTargets
{
    public static void Rtp(byte[] input)
    {
        if (!RtpPacket.TryParse(input, out var packet, out var error))
        {
            RequireOffsetInside(error.IsError, error.Offset, input.Length, error.ToString());
            return;
        }

        TouchRtp(packet, input.Length);
    }

    public static void Rtcp(byte[] input)
    {
        foreach (var requireReportFirst in (ReadOnlySpan<bool>)[true, false])
        {
            if (!RtcpCompoundReader.TryCreate(input, requireReportFirst, out var reader, out var error))
            {
                RequireOffsetInside(error.IsError, error.Offset, input.Length, error.ToString());
                continue;
            }

            var count = 0;
            foreach (var packet in reader)
            {
                count++;
                TouchRtcp(packet);
            }

            if (count != reader.PacketCount)
            {
                throw new FuzzInvariantException($"RTCP reader announced {reader.PacketCount} packets and enumerated {count}");
            }
        }
    }

    public static void SrtpUnprotect(byte[] input)
    {
        foreach (var suite in SrtpSuite.All)
        {
            using var policy = FuzzKeys.Policy(suite);
            using var context = new SrtpContext(policy);
            var buffer = (byte[])input.Clone();
            if (context.UnprotectRtp(buffer, out var length) != SrtpStatus.Ok)
            {
                continue;
            }

            // Authenticated: the plaintext is an RTP packet the application will read next.
            RequireLength(length, buffer.Length);
            if (RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet, out _))
            {
                TouchRtp(packet, length);
            }
        }
    }

    public static void SrtcpUnprotect(byte[] input)
    {
        foreach (var suite in SrtpSuite.All)
        {
            using var policy = FuzzKeys.Policy(suite);
            using var context = new SrtpContext(policy);
            var buffer = (byte[])input.Clone();
            if (context.UnprotectRtcp(buffer, out var length) != SrtpStatus.Ok)
            {
                continue;
            }

            RequireLength(length, buffer.Length);
            Rtcp(buffer[..length]);
        }
    }

    private static void TouchRtp(RtpPacket packet, int inputLength)
    {
        var sum = packet.Version + packet.PayloadType + packet.SequenceNumber + (int)packet.Timestamp + (int)packet.Ssrc;
        for (var i = 0; i < packet.CsrcCount; i++)
        {
            sum += (int)packet.GetCsrc(i);
        }

        foreach (var element in packet.ExtensionElements)
        {
            sum += element.Id + element.Data.Length;
        }

        sum += packet.ExtensionProfile + packet.ExtensionData.Length + packet.ExtensionAppBits + (int)packet.ExtensionForm;
        _ = packet.Header.ToString() + packet.Marker + packet.HasPadding + sum;
        if (packet.HeaderLength + packet.Payload.Length + packet.PaddingLength != inputLength)
        {
            throw new FuzzInvariantException("RTP header, payload and padding do not add up to the packet");
        }
    }

    private static void TouchRtcp(RtcpPacket packet)
    {
        var sum = packet.Version + packet.Count + packet.Body.Length + packet.Offset;
        RtcpParseError error = default;
        var ok = true;
        switch (packet.PacketType)
        {
            case RtcpPacketType.SenderReport:
                if (ok = RtcpSenderReport.TryParse(packet, out var sr, out error))
                {
                    _ = sr.SenderInfo.ToString();
                    for (var i = 0; i < sr.ReportCount; i++)
                    {
                        _ = sr.GetReportBlock(i).ToString();
                    }

                    sum += (int)sr.Ssrc + sr.ProfileExtension.Length;
                }

                break;
            case RtcpPacketType.ReceiverReport:
                if (ok = RtcpReceiverReport.TryParse(packet, out var rr, out error))
                {
                    for (var i = 0; i < rr.ReportCount; i++)
                    {
                        _ = rr.GetReportBlock(i).ToString();
                    }

                    sum += (int)rr.Ssrc + rr.ProfileExtension.Length;
                }

                break;
            case RtcpPacketType.SourceDescription:
                if (ok = RtcpSourceDescription.TryParse(packet, out var sdes, out error))
                {
                    var chunks = 0;
                    foreach (var chunk in sdes)
                    {
                        chunks++;
                        sum += (int)chunk.Ssrc;
                        foreach (var item in chunk)
                        {
                            sum += (int)item.Type + item.Value.Length + item.PrivatePrefix.Length + item.PrivateValue.Length;
                        }

                        chunk.TryGetItem(RtcpSdesItemType.CanonicalName, out _);
                    }

                    if (chunks != sdes.ChunkCount)
                    {
                        throw new FuzzInvariantException($"SDES announced {sdes.ChunkCount} chunks and enumerated {chunks}");
                    }
                }

                break;
            case RtcpPacketType.Goodbye:
                if (ok = RtcpGoodbye.TryParse(packet, out var bye, out error))
                {
                    for (var i = 0; i < bye.SourceCount; i++)
                    {
                        sum += (int)bye.GetSource(i);
                    }

                    sum += bye.Reason.Length;
                }

                break;
            case RtcpPacketType.ApplicationDefined:
                if (ok = RtcpApplicationDefined.TryParse(packet, out var app, out error))
                {
                    sum += app.Subtype + (int)app.Ssrc + app.Name.Length + app.Data.Length;
                }

                break;
        }

        if (!ok && !error.IsError)
        {
            throw new FuzzInvariantException($"RTCP {packet.PacketType} view rejected the packet without an error");
        }

        _ = sum;
    }

    private static void RequireOffsetInside(bool isError, int offset, int length, string error)
    {
        if (!isError || offset < 0 || offset > length)
        {
            throw new FuzzInvariantException($"bad parse error for a {length}-byte input: {error}");
        }
    }

    private static void RequireLength(int length, int bufferLength)
    {
        if (length < 0 || length > bufferLength)
        {
            throw new FuzzInvariantException($"unprotect reported {length} bytes in a {bufferLength}-byte buffer");
        }
    }
}
