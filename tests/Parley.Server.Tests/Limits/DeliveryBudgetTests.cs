using Microsoft.Extensions.Time.Testing;
using Parley.Server.Limits;

namespace Parley.Server.Tests.Limits;

/// <summary>The budget alone, on a clock the test moves: charges, refill, the cap at the burst, and the wait it asks for.</summary>
public sealed class DeliveryBudgetTests
{
    private const long Rate = 1000;
    private const long Burst = 4000;

    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void A_new_budget_holds_its_burst_and_asks_for_no_wait()
    {
        var budget = new DeliveryBudget(Rate, Burst, _clock);

        Assert.Equal(Burst, budget.Balance);
        Assert.Equal(TimeSpan.Zero, budget.TimeUntilPaid());
    }

    [Fact]
    public void Charges_within_the_burst_ask_for_no_wait()
    {
        var budget = new DeliveryBudget(Rate, Burst, _clock);

        budget.Charge(1500);
        budget.Charge(2500);

        Assert.Equal(0, budget.Balance);
        Assert.Equal(TimeSpan.Zero, budget.TimeUntilPaid());
    }

    [Fact]
    public void A_charge_beyond_the_balance_is_taken_and_the_debt_is_the_wait_at_the_rate()
    {
        var budget = new DeliveryBudget(Rate, Burst, _clock);

        budget.Charge(Burst + 500);

        Assert.Equal(-500, budget.Balance);
        Assert.Equal(TimeSpan.FromSeconds(0.5), budget.TimeUntilPaid());
    }

    [Fact]
    public void One_charge_of_many_bursts_is_allowed_and_paid_off_over_time()
    {
        var budget = new DeliveryBudget(Rate, Burst, _clock);

        budget.Charge(10 * Burst);

        Assert.Equal(TimeSpan.FromSeconds(36), budget.TimeUntilPaid());
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(6), budget.TimeUntilPaid());
        _clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(TimeSpan.Zero, budget.TimeUntilPaid());
    }

    [Fact]
    public void The_balance_refills_at_the_rate()
    {
        var budget = new DeliveryBudget(Rate, Burst, _clock);
        budget.Charge(Burst);

        _clock.Advance(TimeSpan.FromSeconds(1.5));

        Assert.Equal(1500, budget.Balance);
    }

    [Fact]
    public void The_refill_stops_at_the_burst()
    {
        var budget = new DeliveryBudget(Rate, Burst, _clock);
        budget.Charge(1000);

        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(Burst, budget.Balance);
        budget.Charge(Burst + 1000);
        Assert.Equal(TimeSpan.FromSeconds(1), budget.TimeUntilPaid());
    }

    [Fact]
    public void Waiting_the_time_asked_for_pays_the_debt_exactly()
    {
        var budget = new DeliveryBudget(3 * 1024 * 1024, 64 * 1024, _clock);
        budget.Charge(1_000_003);

        var wait = budget.TimeUntilPaid();
        _clock.Advance(wait - TimeSpan.FromMilliseconds(1));
        Assert.True(budget.TimeUntilPaid() > TimeSpan.Zero, "a millisecond early, something is still owed");
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(TimeSpan.Zero, budget.TimeUntilPaid());
    }

    [Fact]
    public void A_debt_and_the_charges_after_it_add_up()
    {
        var budget = new DeliveryBudget(Rate, Burst, _clock);
        budget.Charge(Burst + 1000);
        _clock.Advance(TimeSpan.FromSeconds(0.25));

        budget.Charge(250);

        Assert.Equal(-1000, budget.Balance);
        Assert.Equal(TimeSpan.FromSeconds(1), budget.TimeUntilPaid());
    }

    [Theory]
    [InlineData(0, Burst)]
    [InlineData(Rate, 0)]
    public void A_budget_needs_a_rate_and_a_burst(long rate, long burst)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeliveryBudget(rate, burst, _clock));
    }
}
