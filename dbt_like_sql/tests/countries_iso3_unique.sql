-- Each country appears once: iso3 is unique in countries.
select iso3, count(*) as row_count
from countries
group by iso3
having count(*) > 1
