-- Each mineral appears once: mineral_id is unique in minerals.
select mineral_id, count(*) as row_count
from minerals
group by mineral_id
having count(*) > 1
