-- One timeline per imposing country, mineral and destination in restriction_timeline.
select imposing_iso3, mineral_id, target_iso3, count(*) as row_count
from restriction_timeline
group by imposing_iso3, mineral_id, target_iso3
having count(*) > 1
