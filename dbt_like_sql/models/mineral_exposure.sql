-- Per restricted mineral: which countries restrict its exports, which destinations are hit, how
-- many measures are in force and how many articles report them.

with

minerals as (
    select * from minerals
),

mineral_restrictions as (
    select * from mineral_restrictions
),

restriction_mentions as (
    select * from restriction_mentions
),

restriction_timeline as (
    select * from restriction_timeline
),

restrictions_per_mineral as (
    select
        mineral_id,
        list_sort(list_distinct(list(imposing_iso3))) as imposing_countries,
        -- list_distinct drops the nulls (all destinations), counted apart below
        list_sort(list_distinct(list(target_iso3))) as target_countries,
        bool_or(target_iso3 is null) as hits_all_destinations,
        count(*) as restriction_steps,
        min(announced_date) as first_announced_date,
        max(announced_date) as latest_announced_date
    from mineral_restrictions
    group by mineral_id
),

timelines_in_force as (
    select
        mineral_id,
        count(*) as in_force_count
    from restriction_timeline
    where status = 'in_force'
    group by mineral_id
),

article_support as (
    select
        mineral_id,
        count(distinct article_id) as article_count
    from restriction_mentions
    group by mineral_id
)

select
    restrictions_per_mineral.mineral_id,
    minerals.name as mineral_name,
    minerals.kind,
    minerals.parent_id,
    minerals.usgs_critical_2025,
    minerals.eu_critical_2023,
    minerals.eu_strategic_2023,
    restrictions_per_mineral.imposing_countries,
    restrictions_per_mineral.target_countries,
    restrictions_per_mineral.hits_all_destinations,
    restrictions_per_mineral.restriction_steps,
    coalesce(timelines_in_force.in_force_count, 0) as in_force_count,
    coalesce(article_support.article_count, 0) as article_count,
    restrictions_per_mineral.first_announced_date,
    restrictions_per_mineral.latest_announced_date
from restrictions_per_mineral
left join minerals using (mineral_id)
left join timelines_in_force using (mineral_id)
left join article_support using (mineral_id)
order by article_count desc, restrictions_per_mineral.mineral_id
