-- Per imposing country, mineral and destination: the first and the latest restriction step, and
-- where the measure stands now.

with

mineral_restrictions as (
    select * from mineral_restrictions
),

restriction_mentions as (
    select * from restriction_mentions
),

countries as (
    select * from countries
),

minerals as (
    select * from minerals
),

steps as (
    select
        *,
        -- An undated step is placed by the day it was first reported; on one day, a pause or a
        -- removal comes after the measure it pauses or removes.
        coalesce(announced_date, first_reported_date) as step_date,
        case action
            when 'imposed' then 1
            when 'expanded' then 2
            when 'suspended' then 3
            when 'lifted' then 4
        end as action_rank
    from mineral_restrictions
),

numbered_steps as (
    select
        *,
        row_number() over (
            partition by imposing_iso3, mineral_id, target_iso3
            order by step_date nulls first, action_rank, restriction_id
        ) as step_number,
        count(*) over (partition by imposing_iso3, mineral_id, target_iso3) as step_count
    from steps
),

timelines as (
    select
        imposing_iso3,
        mineral_id,
        target_iso3,
        any_value(action) filter (where step_number = 1) as first_action,
        any_value(announced_date) filter (where step_number = 1) as first_announced_date,
        any_value(action) filter (where step_number = step_count) as latest_action,
        any_value(measure) filter (where step_number = step_count) as latest_measure,
        any_value(announced_date) filter (where step_number = step_count) as latest_announced_date,
        max(step_count) as step_count,
        min(first_reported_date) as first_reported_date
    from numbered_steps
    group by imposing_iso3, mineral_id, target_iso3
),

article_support as (
    select
        steps.imposing_iso3,
        steps.mineral_id,
        steps.target_iso3,
        count(distinct restriction_mentions.article_id) as article_count
    from steps
    inner join restriction_mentions using (restriction_id)
    group by steps.imposing_iso3, steps.mineral_id, steps.target_iso3
)

select
    timelines.imposing_iso3,
    imposer.name as imposing_country,
    timelines.mineral_id,
    minerals.name as mineral_name,
    timelines.target_iso3,
    coalesce(target.name, 'all destinations') as destination,
    timelines.first_action,
    timelines.first_announced_date,
    timelines.latest_action,
    timelines.latest_measure,
    timelines.latest_announced_date,
    case timelines.latest_action
        when 'suspended' then 'suspended'
        when 'lifted' then 'lifted'
        else 'in_force'
    end as status,
    timelines.step_count,
    coalesce(article_support.article_count, 0) as article_count,
    timelines.first_reported_date
from timelines
left join countries as imposer on imposer.iso3 = timelines.imposing_iso3
left join countries as target on target.iso3 = timelines.target_iso3
left join minerals on minerals.mineral_id = timelines.mineral_id
left join article_support
    on article_support.imposing_iso3 = timelines.imposing_iso3
    and article_support.mineral_id = timelines.mineral_id
    and article_support.target_iso3 is not distinct from timelines.target_iso3
order by timelines.imposing_iso3, timelines.mineral_id, timelines.target_iso3 nulls first
