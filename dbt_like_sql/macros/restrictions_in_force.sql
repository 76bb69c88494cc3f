-- restrictions_in_force(d): every export-restriction measure known on day d (an imposed or expanded
-- step of mineral_restrictions) with its status that day, computed from the measure's own dates and
-- the suspensions and liftings that point at it (suspends_restriction_id):
--   announced  announced, but its effective date is still to come
--   in_force   in effect (from its effective date, else from the day it was announced)
--   suspended  a suspension of it runs on d (until the suspension's end date, then in_force again)
--   lifted     a lifting of it took effect on or before d
--   expired    its own end date (a quota's year, "until June") has passed
--   undated    no article dates it: it is reported, never counted as in force
-- A date of month or year precision covers the whole month or year: a suspension "until November
-- 2026" runs to 30 November, a "2024 quota" expires after 31 December 2024. A suspension or lifting
-- no article dates is placed on the day it was first reported, the latest it can have happened.
-- status_since is the day the status began (null when undated); next_change the next day a known
-- date changes it (null when none is known).
create or replace macro restrictions_in_force(d) as table

with

mineral_restrictions as (
    select * from mineral_restrictions
),

-- every step with the first day after its own end: "until November 2026" ends after 30 November
dated as (
    select
        *,
        cast(case end_date_precision
            when 'year' then end_date + interval 1 year
            when 'month' then end_date + interval 1 month
            else end_date + interval 1 day
        end as date) as ends
    from mineral_restrictions
),

measures as (
    select
        *,
        coalesce(effective_date, announced_date) as starts,
        -- known from its announcement, else its first report (or its effective date, if earlier)
        least(announced_date, effective_date, first_reported_date) as known_from
    from dated
    where action in ('imposed', 'expanded')
),

steps as (
    select
        suspends_restriction_id as restriction_id,
        action,
        coalesce(effective_date, announced_date, first_reported_date) as starts,
        ends
    from dated
    where action in ('suspended', 'lifted') and suspends_restriction_id is not null
),

on_day as (
    select
        measures.*,
        (select max(steps.starts) from steps
         where steps.restriction_id = measures.restriction_id and steps.action = 'lifted'
           and steps.starts <= cast(d as date)) as lifted_on,
        (select max(steps.starts) from steps
         where steps.restriction_id = measures.restriction_id and steps.action = 'suspended'
           and steps.starts <= cast(d as date)
           and (steps.ends is null or cast(d as date) < steps.ends)) as suspended_on,
        (select max(steps.ends) from steps
         where steps.restriction_id = measures.restriction_id and steps.action = 'suspended'
           and steps.ends <= cast(d as date)) as resumed_on,
        (select min(change) from (
            select steps.starts as change from steps where steps.restriction_id = measures.restriction_id
            union all
            select steps.ends from steps where steps.restriction_id = measures.restriction_id
            union all
            select measures.starts
            union all
            select measures.ends
         ) where change > cast(d as date)) as next_change
    from measures
    where measures.known_from is null or measures.known_from <= cast(d as date)
),

statuses as (
    select
        *,
        case
            when lifted_on is not null then 'lifted'
            when starts is null then 'undated'
            when ends is not null and ends <= cast(d as date) then 'expired'
            when suspended_on is not null then 'suspended'
            when starts > cast(d as date) then 'announced'
            else 'in_force'
        end as status
    from on_day
)

select
    restriction_id,
    imposing_iso3,
    target_iso3,
    mineral_id,
    measure,
    status,
    case status
        when 'lifted' then lifted_on
        when 'expired' then ends
        when 'suspended' then suspended_on
        when 'announced' then known_from
        when 'in_force' then greatest(starts, resumed_on)
    end as status_since,
    case when status = 'lifted' then null else next_change end as next_change
from statuses
order by imposing_iso3, mineral_id, target_iso3 nulls first, starts nulls first, restriction_id
