namespace UcStack.Srtp.Tests.Srtp;

[TestFixture]
public sealed class SrtpIndexEstimatorTests
{
    [TestCase(0x0_0005UL, (ushort)6, 0x0_0006UL, TestName = "Estimate_NextInOrder_SameRoc")]
    [TestCase(0x0_FFFFUL, (ushort)0, 0x1_0000UL, TestName = "Estimate_WrapFromFFFF_RocPlusOne")]
    [TestCase(0x1_0002UL, (ushort)0xFFF0, 0x0_FFF0UL, TestName = "Estimate_LateFromBeforeWrap_RocMinusOne")]
    [TestCase(0x5_8000UL, (ushort)0x0000, 0x5_0000UL, TestName = "Estimate_ExactlyHalfBehind_SameRoc")]
    [TestCase(0x5_8001UL, (ushort)0x0000, 0x6_0000UL, TestName = "Estimate_MoreThanHalfBehind_RocPlusOne")]
    [TestCase(0x5_0000UL, (ushort)0x8000, 0x5_8000UL, TestName = "Estimate_HalfAhead_SameRoc")]
    [TestCase(0x5_0000UL, (ushort)0x8001, 0x4_8001UL, TestName = "Estimate_MoreThanHalfAhead_RocMinusOne")]
    public void Estimate_FollowsAppendixA(ulong highest, ushort seq, ulong expected)
    {
        Assert.That(SrtpIndexEstimator.Estimate(highest, seq, out var index), Is.EqualTo(SrtpStatus.Ok));
        Assert.That(index, Is.EqualTo(expected));
    }

    [Test]
    public void Estimate_RocWouldBeMinusOne_ReturnsTooOld()
    {
        Assert.That(SrtpIndexEstimator.Estimate(10, 60000, out _), Is.EqualTo(SrtpStatus.TooOld));
    }

    [Test]
    public void Estimate_RocWouldPass32Bits_ReturnsKeyLifetimeExceeded()
    {
        Assert.That(SrtpIndexEstimator.Estimate(SrtpIndexEstimator.MaxRtpIndex, 0, out _), Is.EqualTo(SrtpStatus.KeyLifetimeExceeded));
    }
}
